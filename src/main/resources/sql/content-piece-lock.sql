-- the piece, locked until the transaction ends: versions of one piece are numbered one at a time
SELECT id, owner_id, session_id, current_version FROM content_piece WHERE id = ? FOR UPDATE
