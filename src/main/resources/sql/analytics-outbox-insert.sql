-- an analytics event for analytics-reporter through the transactional outbox (nothing when there is no target)
INSERT INTO bus_outbox (message_id, agent, envelope, headers)
SELECT CAST(:messageId AS uuid), :targetAgent, :envelope, CAST(:busHeaders AS jsonb)
 WHERE CAST(:targetAgent AS varchar) IS NOT NULL
ON CONFLICT (message_id) DO NOTHING
