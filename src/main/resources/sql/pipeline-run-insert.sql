INSERT INTO agent_workflow (id, session_id, owner_id, workflow_type, status, input, output, correlation_id)
VALUES (:id, :sessionId, :ownerId, :workflowType, 'RUNNING', CAST(:input AS jsonb), '{}'::jsonb, :correlationId)
-- a run id chosen before the launch (a campaign's) may be stored already by a launch a crash interrupted
ON CONFLICT (id) DO NOTHING
