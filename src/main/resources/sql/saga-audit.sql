INSERT INTO agent_event_log (workflow_id, session_id, agent, event_type, actor_id)
VALUES (:workflowId, :sessionId, 'saga-api', :eventType, :actor)
