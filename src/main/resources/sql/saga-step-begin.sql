-- locks the saga row (serializing its steps), moves its deadline closer if the step has a timeout, and appends
-- the step; returns nothing when the saga is no longer RUNNING
WITH s AS (
    UPDATE saga
       SET updated_at = now(),
           timeout_at = CASE WHEN CAST(:timeoutMs AS bigint) IS NULL THEN timeout_at
                             ELSE LEAST(COALESCE(timeout_at, 'infinity'),
                                        now() + CAST(:timeoutMs AS bigint) * interval '1 millisecond') END
     WHERE id = :sagaId AND status = 'RUNNING'
 RETURNING id)
INSERT INTO saga_step (id, saga_id, step_index, name, status, compensation_uri, completion_uri, options, started_at)
SELECT :id, s.id, (SELECT COALESCE(MAX(step_index), -1) + 1 FROM saga_step WHERE saga_id = s.id), :name,
       'RUNNING', :compensationUri, :completionUri, CAST(:options AS jsonb), now()
  FROM s
RETURNING step_index
