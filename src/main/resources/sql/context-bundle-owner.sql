SELECT owner_id FROM context_bundle WHERE session_id = :#${header.sessionId} AND deleted_at IS NULL
