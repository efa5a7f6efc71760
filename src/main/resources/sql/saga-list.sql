SELECT id, name, status, session_id, owner_id, error, created_at, updated_at, finished_at
  FROM saga
 WHERE (CAST(:status AS varchar) IS NULL OR status = :status)
   AND created_at >= :from AND created_at < :to
 ORDER BY created_at DESC
 LIMIT :limit
