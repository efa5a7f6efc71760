-- the session's owner and last sequence number (no row: no such session)
SELECT owner_id, turn_count FROM context_bundle WHERE session_id = ? AND deleted_at IS NULL
