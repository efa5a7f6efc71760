INSERT INTO generated_artifact (id, session_id, owner_id, agent, kind, content, embed_text, reply_to)
VALUES (:#id, :#sessionId, :#ownerId, :#agent, :#kind, CAST(:#content AS jsonb), :#embedText, :#replyTo)
