-- bundle and turns in one statement, so the snapshot is one consistent point in time (a turn appended meanwhile is
-- either in both turn_count and turns or in neither)
SELECT b.id, b.session_id, b.owner_id, b.summary, CAST(b.variables AS text) AS variables,
       CAST(b.decisions AS text) AS decisions, b.anonymization_level, b.version, b.turn_count, b.updated_at,
       COALESCE((SELECT CAST(jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
                        'turnId', t.id, 'seq', t.seq, 'role', t.role, 'text', t.text, 'agent', t.agent,
                        'channel', t.channel,
                        'createdAt', to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')))
                        ORDER BY t.seq) AS text)
                   FROM context_turn t
                  WHERE t.bundle_id = b.id
                    AND t.deleted_at IS NULL), '[]') AS turns
  FROM context_bundle b
 WHERE b.session_id = :#sessionId
   AND b.deleted_at IS NULL
