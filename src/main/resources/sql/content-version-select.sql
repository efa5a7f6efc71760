SELECT content_id, version, title, text, author, origin, restored_from, instruction, created_at, embedded_at
FROM content_version WHERE content_id = ? AND version = ?
