-- the owner of a live session (a content piece may belong to one of its owner's sessions)
SELECT owner_id FROM context_bundle WHERE session_id = ? AND deleted_at IS NULL
