-- a compensation (or completion) attempt failed: count it and keep the error; returns the attempts so far
UPDATE saga_step
   SET attempts = attempts + 1, status = :status, error = :error, updated_at = now(), version = version + 1
 WHERE id = :stepId
RETURNING attempts
