INSERT INTO content_piece (id, owner_id, session_id, current_version) VALUES (?, ?, ?, 1)
