-- locks the saga row (serializing its steps), moves its deadline closer if the step has a timeout, and appends
-- the step; returns nothing when the saga is no longer RUNNING. The UPDATE selects by id alone, so it always goes
-- through the primary key (with status in the WHERE clause an unanalyzed table was seen planned on the status
-- index, scanning every running saga); a saga that is not RUNNING is locked but left unchanged.
WITH s AS (
    UPDATE saga
       SET updated_at = CASE WHEN status = 'RUNNING' THEN now() ELSE updated_at END,
           timeout_at = CASE WHEN status <> 'RUNNING' OR CAST(:timeoutMs AS bigint) IS NULL THEN timeout_at
                             ELSE LEAST(COALESCE(timeout_at, 'infinity'),
                                        now() + CAST(:timeoutMs AS bigint) * interval '1 millisecond') END
     WHERE id = :sagaId
 RETURNING id, status)
INSERT INTO saga_step (id, saga_id, step_index, name, status, compensation_uri, completion_uri, options, started_at)
SELECT :id, s.id, (SELECT COALESCE(MAX(step_index), -1) + 1 FROM saga_step WHERE saga_id = s.id), :name,
       'RUNNING', :compensationUri, :completionUri, CAST(:options AS jsonb), now()
  FROM s
 WHERE s.status = 'RUNNING'
RETURNING step_index
