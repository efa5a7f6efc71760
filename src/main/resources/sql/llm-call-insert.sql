-- the call's accounting row and, in the same statement, its analytics event (when analytics-reporter is on the bus)
WITH call AS (
    INSERT INTO agent_event_log (session_id, agent, event_type, actor_id, payload, correlation_id)
    VALUES (:sessionId, :agent, 'llm.call', :actorId, CAST(:payload AS jsonb), :correlationId)
    RETURNING id
)
INSERT INTO bus_outbox (message_id, agent, envelope, headers)
SELECT CAST(:messageId AS uuid), :targetAgent, :envelope, CAST(:busHeaders AS jsonb)
  FROM call
 WHERE CAST(:targetAgent AS varchar) IS NOT NULL
