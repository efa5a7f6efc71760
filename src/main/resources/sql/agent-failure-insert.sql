INSERT INTO agent_event_log (session_id, agent, event_type, actor_id, payload, correlation_id)
VALUES (:#sessionId, :#agent, 'agent.failed', :#actorId, CAST(:#payload AS jsonb), :#correlationId)
