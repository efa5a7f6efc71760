SELECT ref, session_id, owner_id, bundle_version, encoding, content, content_bytes, created_at
  FROM context_snapshot
 WHERE ref = CAST(:#ref AS uuid)
