-- turns not embedded yet (oldest first), with their session's owner; at most :#batchSize
SELECT t.id, t.session_id, t.role, t.text, t.agent, t.created_at, b.owner_id
  FROM context_turn t
  JOIN context_bundle b ON b.id = t.bundle_id
 WHERE t.embedded_at IS NULL
   AND t.deleted_at IS NULL
 ORDER BY t.created_at
 LIMIT :#batchSize
