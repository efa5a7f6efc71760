INSERT INTO generated_artifact (id, session_id, owner_id, agent, kind, content)
VALUES (:#id, :#sessionId, :#ownerId, :#agent, :#kind, CAST(:#content AS jsonb))
