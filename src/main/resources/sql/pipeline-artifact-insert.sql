INSERT INTO generated_artifact (id, workflow_id, session_id, owner_id, agent, kind, content)
VALUES (:id, :workflowId, :sessionId, :ownerId, :agent, :kind, CAST(:content AS jsonb))
