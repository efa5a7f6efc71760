-- sagas this instance must finish: lost by a dead instance (lease past), past their deadline, or due for a retry.
-- SKIP LOCKED lets replicas share the work; RUNNING / AWAITING_APPROVAL ones turn COMPENSATING here.
-- the transaction-scoped advisory lock makes one replica at a time run the pass
WITH c AS (
    SELECT id FROM saga
     WHERE pg_try_advisory_xact_lock(7140113)
       AND ((status IN ('RUNNING', 'COMPENSATING', 'COMPLETING') AND lease_until < now())
        OR (status IN ('RUNNING', 'AWAITING_APPROVAL') AND timeout_at < now())
        OR (status IN ('COMPENSATING', 'COMPLETING') AND next_attempt_at <= now()))
     ORDER BY created_at
     LIMIT :batch
       FOR UPDATE SKIP LOCKED),
s AS (
    UPDATE saga s
       SET status = CASE WHEN s.status IN ('RUNNING', 'AWAITING_APPROVAL') THEN 'COMPENSATING' ELSE s.status END,
           error = CASE WHEN s.status NOT IN ('RUNNING', 'AWAITING_APPROVAL') THEN s.error
                        WHEN s.timeout_at < now() THEN 'timed out'
                        ELSE 'hub instance ' || COALESCE(s.instance_id, '?') || ' stopped while running it' END,
           instance_id = :instanceId,
           lease_until = now() + CAST(:leaseMs AS bigint) * interval '1 millisecond',
           next_attempt_at = NULL, updated_at = now(), version = s.version + 1
      FROM c WHERE s.id = c.id
 RETURNING s.id, s.workflow_id, s.status),
w AS (
    UPDATE agent_workflow a SET status = s.status, updated_at = now() FROM s WHERE a.id = s.workflow_id)
SELECT id, status FROM s
