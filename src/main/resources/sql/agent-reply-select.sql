-- the first assistant turn answering a user turn, if any
SELECT id, agent, text, created_at FROM context_turn WHERE reply_to = CAST(? AS uuid) ORDER BY seq LIMIT 1
