-- turns not embedded yet (oldest first), with their session's owner and whether the owner consents to
-- personalization (their latest consent record, else the default :#personalizationDefault); at most :#batchSize
-- (gauge hub.embeddings.pending{kind=turn} counts the same rows: EmbeddingBacklog.PENDING)
SELECT t.id, t.session_id, t.role, t.text, t.agent, t.created_at, b.owner_id,
       COALESCE((SELECT c.granted FROM consent_record c
                  WHERE c.user_id = b.owner_id AND c.purpose = 'personalization'
                  ORDER BY c.id DESC LIMIT 1), CAST(:#personalizationDefault AS boolean)) AS personalization
  FROM context_turn t
  JOIN context_bundle b ON b.id = t.bundle_id
 WHERE t.embedded_at IS NULL
   AND t.deleted_at IS NULL
 ORDER BY t.created_at
 LIMIT :#batchSize
