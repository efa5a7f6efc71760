UPDATE publication SET status = 'PUBLISHED', post_id = :postId, updated_at = now()
 WHERE run_id = :runId AND platform = :platform
