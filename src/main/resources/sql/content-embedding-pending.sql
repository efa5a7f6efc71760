-- versions not in the vector store yet, oldest first, with their piece's owner and session
SELECT v.content_id, v.version, v.title, v.text, v.created_at, p.owner_id, p.session_id
FROM content_version v JOIN content_piece p ON p.id = v.content_id
WHERE v.embedded_at IS NULL ORDER BY v.created_at LIMIT :#batchSize
