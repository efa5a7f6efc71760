-- the piece with its current title and text, locked until the transaction ends: versions of one piece are numbered
-- one at a time, and an edit is compared with the version it replaces
SELECT p.id, p.owner_id, p.session_id, p.current_version, v.title, v.text
FROM content_piece p JOIN content_version v ON v.content_id = p.id AND v.version = p.current_version
WHERE p.id = ? FOR UPDATE OF p
