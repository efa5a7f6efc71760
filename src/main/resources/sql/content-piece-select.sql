SELECT p.id, p.owner_id, p.session_id, p.current_version, p.created_at, p.updated_at, v.title, v.text, v.author,
       v.origin, v.restored_from, v.instruction, v.created_at AS version_created_at
FROM content_piece p JOIN content_version v ON v.content_id = p.id AND v.version = p.current_version
WHERE p.id = ?
