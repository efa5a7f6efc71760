-- compensation of scheduling: the run's posts not yet published are cancelled (their slots become free)
UPDATE calendar_entry SET status = 'CANCELLED', updated_at = now(), version = version + 1
WHERE run_id = :runId AND status = 'SCHEDULED'
