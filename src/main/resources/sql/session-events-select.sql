-- turns of a session after a sequence number, oldest first (the events stream)
SELECT id, seq, role, agent, text, created_at FROM context_turn
 WHERE session_id = ? AND seq > ? AND deleted_at IS NULL
 ORDER BY seq LIMIT 100
