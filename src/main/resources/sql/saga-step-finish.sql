-- the step's own work ended (DONE or FAILED); only the latest running step of that name.
-- Committed without waiting for the WAL flush (synchronous_commit off for this transaction only): a checkpoint lost
-- in a crash leaves the step RUNNING, and recovery compensates RUNNING and DONE steps alike, so nothing depends on
-- it surviving; the step's begin (its compensation) is committed durably before the step does any work.
WITH async AS (SELECT set_config('synchronous_commit', 'off', true) AS setting)
UPDATE saga_step
   SET status = :status, error = :error, finished_at = now(), updated_at = now(), version = version + 1
 WHERE id = (SELECT id FROM saga_step
              WHERE saga_id = :sagaId AND name = :name AND status = 'RUNNING'
              ORDER BY step_index DESC LIMIT 1)
   AND (SELECT setting FROM async) = 'off'
