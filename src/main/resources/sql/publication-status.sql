SELECT status FROM publication WHERE run_id = :runId AND platform = :platform
