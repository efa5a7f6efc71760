SELECT id, workflow_id, session_id, owner_id, name, status, instance_id, lease_until, timeout_at, next_attempt_at,
       error, created_at, updated_at, finished_at
  FROM saga WHERE id = :sagaId
