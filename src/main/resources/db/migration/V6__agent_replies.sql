-- Agent replies: an assistant turn names the user turn it answers (POST .../messages?wait=N waits for it).
ALTER TABLE context_turn ADD COLUMN reply_to uuid;
CREATE INDEX context_turn_reply_to_idx ON context_turn (reply_to) WHERE reply_to IS NOT NULL;
