-- a scheduled post went out; already published stays published
UPDATE calendar_entry SET status = 'PUBLISHED', updated_at = now(), version = version + 1
WHERE run_id = :runId AND platform = :platform AND status = 'SCHEDULED'
