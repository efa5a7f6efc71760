SELECT id, session_id, owner_id, summary, CAST(variables AS text) AS variables, CAST(decisions AS text) AS decisions,
       anonymization_level, version, turn_count, updated_at
  FROM context_bundle
 WHERE session_id = :#sessionId
   AND deleted_at IS NULL
