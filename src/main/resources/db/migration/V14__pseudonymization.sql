-- Pseudonymization at ingress (issue 14, SEC-2).
-- A session's anonymization level: NULL follows the configuration (hub.privacy.pseudonymization.default-level);
-- 'none' was only the column's default until now (nothing enforced it), so those sessions follow the configuration
-- from here on and the sanitizer pseudonymizes what they hold.
ALTER TABLE context_bundle ALTER COLUMN anonymization_level DROP NOT NULL;
ALTER TABLE context_bundle ALTER COLUMN anonymization_level DROP DEFAULT;
UPDATE context_bundle SET anonymization_level = NULL WHERE anonymization_level = 'none';
ALTER TABLE context_bundle ADD CONSTRAINT context_bundle_anonymization_level_known
    CHECK (anonymization_level IN ('none', 'pseudonymized', 'anonymized'));



-- the level a turn's text was stored under (NULL: before pseudonymization existed, or written by an agent)
ALTER TABLE context_turn ADD COLUMN pii_level varchar(16);
CREATE INDEX context_turn_pii_unchecked_idx ON context_turn (bundle_id) WHERE pii_level IS NULL OR pii_level = 'none';

-- Each data subject's vault key: a Tink keyset (AES-SIV, deterministic AEAD) stored encrypted by the master key.
-- Deleting the row is crypto-shredding: the subject's vault entries can no longer be decrypted.
CREATE TABLE subject_key (
    owner_id   varchar(80) PRIMARY KEY,
    keyset     text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- The token vault: which value a session's surrogate stands for, encrypted deterministically under the owner's
-- key with the session id as associated data (the same value in a session is the same ciphertext, hence the same
-- surrogate); nothing here is readable without the subject key.
CREATE TABLE pii_token (
    session_id  varchar(64) NOT NULL,
    surrogate   varchar(64) NOT NULL,
    owner_id    varchar(80) NOT NULL,
    entity_type varchar(32) NOT NULL,
    value_ct    bytea       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (session_id, surrogate),
    CONSTRAINT pii_token_value_uq UNIQUE (session_id, value_ct)
);
CREATE INDEX pii_token_owner_idx ON pii_token (owner_id);
