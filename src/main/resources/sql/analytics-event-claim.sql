-- the idempotency ledger: a row means the event was handled (counted, or not counted for lack of consent)
INSERT INTO analytics_event (event_id, type, counted) VALUES (:eventId, :type, :counted)
ON CONFLICT (event_id) DO NOTHING
