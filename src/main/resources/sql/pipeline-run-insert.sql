INSERT INTO agent_workflow (id, session_id, owner_id, workflow_type, status, input, output, correlation_id)
VALUES (:id, :sessionId, :ownerId, :workflowType, 'RUNNING', CAST(:input AS jsonb), '{}'::jsonb, :correlationId)
