-- a compensation (or completion) ran to success; guarded so a step counts at most once
UPDATE saga_step
   SET status = :status, compensations = compensations + CASE WHEN :status = 'COMPENSATED' THEN 1 ELSE 0 END,
       compensated_at = CASE WHEN :status = 'COMPENSATED' THEN now() ELSE compensated_at END,
       completed_at = CASE WHEN :status = 'COMPLETED' THEN now() ELSE completed_at END,
       updated_at = now(), version = version + 1
 WHERE id = :stepId AND status <> :status
