-- the step's own work ended (DONE or FAILED); only the latest running step of that name
UPDATE saga_step
   SET status = :status, error = :error, finished_at = now(), updated_at = now(), version = version + 1
 WHERE id = (SELECT id FROM saga_step
              WHERE saga_id = :sagaId AND name = :name AND status = 'RUNNING'
              ORDER BY step_index DESC LIMIT 1)
