-- Consent (issue 14, SEC-5): every grant or withdrawal a user records, kept as history; a user's consent for a
-- purpose is their latest record, or the configured default (hub.privacy.consent.defaults) when there is none.
CREATE TABLE consent_record (
    id             bigserial PRIMARY KEY,
    user_id        text        NOT NULL,
    purpose        text        NOT NULL,
    granted        boolean     NOT NULL,
    policy_version text        NOT NULL,
    recorded_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX consent_record_latest ON consent_record (user_id, purpose, id DESC);
