-- the piece a session's editing requests are about: its owner's most recently changed piece in the session
SELECT id FROM content_piece WHERE session_id = ? AND owner_id = ? ORDER BY updated_at DESC, created_at DESC LIMIT 1
