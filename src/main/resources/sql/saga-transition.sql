-- compare-and-set of a saga's status; the linked agent_workflow row follows. Returns the rows changed (0 or 1).
WITH s AS (
    UPDATE saga
       SET status = :to,
           instance_id = CASE WHEN CAST(:claim AS boolean) THEN :instanceId ELSE NULL END,
           lease_until = CASE WHEN CAST(:claim AS boolean)
                              THEN now() + CAST(:leaseMs AS bigint) * interval '1 millisecond' ELSE NULL END,
           timeout_at = CASE WHEN CAST(:timeoutMs AS bigint) IS NULL THEN timeout_at
                             ELSE now() + CAST(:timeoutMs AS bigint) * interval '1 millisecond' END,
           error = COALESCE(:error, error),
           next_attempt_at = NULL,
           finished_at = CASE WHEN :to IN ('COMPLETED', 'COMPENSATED', 'FAILED_COMPENSATION') THEN now() END,
           updated_at = now(), version = version + 1
     WHERE id = :sagaId AND status IN (:from)
 RETURNING id, workflow_id, status),
w AS (
    UPDATE agent_workflow a SET status = s.status, updated_at = now(), version = a.version + 1
      FROM s WHERE a.id = s.workflow_id)
SELECT count(*) FROM s
