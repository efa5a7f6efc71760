-- Issue 12: secrets encrypted at rest (Tink keysets wrapped by the master key), JWT key rotation with overlap,
-- and the tamper-evident audit log.

-- the hub's Tink keysets (secrets: AES-256-GCM; audit-mac: HMAC-SHA256), each encrypted by the master key
CREATE TABLE crypto_keyset (
    name            varchar(64) PRIMARY KEY,
    keyset          text        NOT NULL,
    master_provider varchar(32) NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    version         bigint      NOT NULL DEFAULT 0
);

-- JWT private keys: ciphertext only. The key id column is read from the ciphertext's Tink prefix (byte 0 is the
-- version, bytes 1-4 the key id), so re-encryption progress is a count by key.
ALTER TABLE jwt_signing_key
    ALTER COLUMN private_key DROP NOT NULL,
    ADD COLUMN private_key_ct bytea,
    ADD COLUMN private_key_key_id bigint GENERATED ALWAYS AS (
        CASE WHEN private_key_ct IS NULL OR length(private_key_ct) < 5 THEN NULL
             ELSE (get_byte(private_key_ct, 1)::bigint << 24) | (get_byte(private_key_ct, 2)::bigint << 16)
                | (get_byte(private_key_ct, 3)::bigint << 8) | get_byte(private_key_ct, 4)::bigint END) STORED,
    -- a new key is published (JWKS, verification) at once and signs from activate_after
    ADD COLUMN activate_after timestamptz NOT NULL DEFAULT now(),
    -- a replaced key keeps verifying until its last token has expired
    ADD COLUMN retire_after timestamptz;
-- no key material may be written in clear text again (rows from before are encrypted at start; NOT VALID lets
-- them be, every new or updated row is checked)
ALTER TABLE jwt_signing_key ADD CONSTRAINT jwt_signing_key_no_clear_text CHECK (private_key IS NULL) NOT VALID;

-- append-only, hash-chained audit log: mac = HMAC-SHA256(key key_version, prev_mac ‖ canonical record)
CREATE TABLE audit_log (
    seq         bigint       PRIMARY KEY,
    ts          timestamptz  NOT NULL,
    actor       varchar(80)  NOT NULL,
    role        varchar(32),
    action      varchar(64)  NOT NULL,
    target      varchar(200),
    details     jsonb        NOT NULL DEFAULT '{}'::jsonb,
    key_version bigint       NOT NULL,
    prev_mac    char(64)     NOT NULL,
    mac         char(64)     NOT NULL
);
CREATE INDEX audit_log_ts_idx ON audit_log (ts);
CREATE INDEX audit_log_actor_idx ON audit_log (actor, seq);
CREATE INDEX audit_log_action_idx ON audit_log (action, seq);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- the chain's identity: checkpoints name it, so hubs on other databases may share a checkpoint file
CREATE TABLE audit_chain (
    id         uuid        PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX audit_chain_single_row ON audit_chain ((true));
