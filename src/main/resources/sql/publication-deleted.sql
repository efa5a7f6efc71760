UPDATE publication SET status = 'DELETED', post_id = COALESCE(:postId, post_id), updated_at = now()
 WHERE run_id = :runId AND platform = :platform AND status <> 'DELETED'
