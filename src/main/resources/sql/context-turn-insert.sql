INSERT INTO context_turn (id, bundle_id, session_id, seq, role, text, agent, channel, correlation_id)
VALUES (:#turnId, :#${header.bundle[id]}, :#sessionId, :#${header.bundle[turn_count]}, :#role, :#text, :#agent,
        :#channel, :#correlationId)
