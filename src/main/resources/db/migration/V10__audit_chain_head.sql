-- One round trip instead of two for an audit append: take the chain's advisory lock, then read the head (a new
-- snapshot inside this VOLATILE function, so a record committed by the previous lock holder is seen) and the
-- details in jsonb's own text form (what reads back, and what the MAC covers).
CREATE FUNCTION audit_chain_head(lock_key bigint, details jsonb,
                                 OUT head_seq bigint, OUT head_mac char(64), OUT details_text text)
    LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(lock_key);
    SELECT seq, mac INTO head_seq, head_mac FROM audit_log ORDER BY seq DESC LIMIT 1;
    details_text := details::text;
END;
$$;
