-- optimistic versioning: the row changes only if it is still at the version the client read; absent members keep
-- their value. No row back = stale version (or the bundle is gone): the route answers 409 / 404.
UPDATE context_bundle
   SET summary             = COALESCE(CAST(:#summary AS text), summary),
       variables           = COALESCE(CAST(:#variables AS jsonb), variables),
       decisions           = COALESCE(CAST(:#decisions AS jsonb), decisions),
       anonymization_level = COALESCE(CAST(:#anonymizationLevel AS varchar), anonymization_level),
       updated_by          = CAST(:#updatedBy AS varchar),
       version             = version + 1,
       updated_at          = now()
 WHERE session_id = :#sessionId
   AND version = CAST(:#expectedVersion AS bigint)
   AND deleted_at IS NULL
RETURNING id, session_id, owner_id, summary, CAST(variables AS text) AS variables,
          CAST(decisions AS text) AS decisions, anonymization_level, version, turn_count, updated_at
