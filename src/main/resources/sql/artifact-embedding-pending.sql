-- artifacts whose text is not embedded yet (oldest first; withdrawn and deleted ones never), at most :#batchSize
-- (gauge hub.embeddings.pending{kind=artifact} counts the same rows: EmbeddingBacklog.PENDING)
SELECT id, session_id, owner_id, agent, kind, embed_text, reply_to, created_at
  FROM generated_artifact
 WHERE embed_text IS NOT NULL
   AND embedded_at IS NULL
   AND deleted_at IS NULL
   AND status <> 'withdrawn'
 ORDER BY created_at
 LIMIT :#batchSize
