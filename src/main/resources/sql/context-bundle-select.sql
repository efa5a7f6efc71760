SELECT id, session_id, owner_id, turn_count, created_at, updated_at, version
  FROM context_bundle
 WHERE session_id = :#sessionId
   AND deleted_at IS NULL
