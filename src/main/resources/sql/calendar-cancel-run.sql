-- compensation of scheduling: the run's entries are cancelled (their slots become free). In the saga it runs after
-- the publish step's compensation took the posts down, so PUBLISHED entries are cancelled too.
UPDATE calendar_entry SET status = 'CANCELLED', updated_at = now(), version = version + 1
WHERE run_id = :runId AND status IN ('SCHEDULED', 'PUBLISHED')
