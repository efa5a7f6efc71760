WITH bundle AS (
    INSERT INTO context_bundle (id, session_id, owner_id, turn_count)
    VALUES (:#bundleId, :#sessionId, :#ownerId, 1)
    ON CONFLICT (session_id) DO UPDATE
       SET turn_count = context_bundle.turn_count + 1,
           updated_at = now(),
           version    = context_bundle.version + 1
     WHERE context_bundle.owner_id = EXCLUDED.owner_id
       AND context_bundle.deleted_at IS NULL
    RETURNING id, turn_count
), turn AS (
    INSERT INTO context_turn (id, bundle_id, session_id, seq, role, text, agent, channel, correlation_id, reply_to,
                              pii_level)
    SELECT :#turnId, bundle.id, :#sessionId, bundle.turn_count, :#role, :#text, :#agent, :#channel, :#correlationId,
           CAST(:#replyTo AS uuid), CAST(:#piiLevel AS varchar)
      FROM bundle
    RETURNING id
), outbox AS (
    -- transactional outbox: the bus message exists if and only if the turn does
    INSERT INTO bus_outbox (message_id, agent, envelope, headers)
    SELECT CAST(:#messageId AS uuid), :#targetAgent, :#envelope, CAST(:#busHeaders AS jsonb)
      FROM turn
     WHERE CAST(:#targetAgent AS varchar) IS NOT NULL
    RETURNING id
)
SELECT id FROM turn
