INSERT INTO experiment_run (run_id, experiment_id, variant, session_id)
VALUES (:runId, :experimentId, :variant, :sessionId)
