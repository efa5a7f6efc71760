-- the platform answered the POST with an error: no post exists, nothing to reconcile or undo
UPDATE publication SET status = 'FAILED', error = :error, updated_at = now()
 WHERE run_id = :runId AND platform = :platform AND status = 'PUBLISHING'
