INSERT INTO context_bundle (id, session_id, owner_id, turn_count)
VALUES (:#bundleId, :#sessionId, :#ownerId, 1)
ON CONFLICT (session_id) DO UPDATE
   SET turn_count = context_bundle.turn_count + 1,
       updated_at = now(),
       version    = context_bundle.version + 1
 WHERE context_bundle.owner_id = EXCLUDED.owner_id
   AND context_bundle.deleted_at IS NULL
RETURNING id, turn_count
