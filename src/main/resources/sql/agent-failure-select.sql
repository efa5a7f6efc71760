-- why the agent could not answer a user turn, if it could not
SELECT payload::text FROM agent_event_log
 WHERE event_type = 'agent.failed' AND session_id = ? AND payload->>'replyTo' = ?
 ORDER BY id LIMIT 1
