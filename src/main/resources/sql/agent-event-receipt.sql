INSERT INTO agent_event_log (session_id, agent, event_type, actor_id, payload, correlation_id, message_id)
VALUES (:#sessionId, :#agent, :#eventType, :#actorId, CAST(:#payload AS jsonb), :#correlationId, :#messageId)
