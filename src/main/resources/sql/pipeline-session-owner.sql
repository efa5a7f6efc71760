SELECT owner_id FROM context_bundle WHERE session_id = :sessionId AND deleted_at IS NULL
