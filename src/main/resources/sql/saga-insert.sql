INSERT INTO saga (id, workflow_id, session_id, owner_id, name, status, instance_id, lease_until, timeout_at)
VALUES (:id, :workflowId, :sessionId, :ownerId, :name, 'RUNNING', :instanceId,
        now() + CAST(:leaseMs AS bigint) * interval '1 millisecond', NULL)
