-- the first run of a session decides; a concurrent first run of the same session keeps the row already there
INSERT INTO experiment_assignment (experiment_id, session_id, variant) VALUES (:experimentId, :sessionId, :variant)
ON CONFLICT (experiment_id, session_id) DO NOTHING
