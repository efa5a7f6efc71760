-- Retention (issue 14, item 6).
-- ShedLock's lock table: a scheduled job that must run on one replica at a time holds its row until lock_until.
CREATE TABLE shedlock (
    name       varchar(64)  PRIMARY KEY,
    lock_until timestamp    NOT NULL,
    locked_at  timestamp    NOT NULL,
    locked_by  varchar(255) NOT NULL
);

-- a session under legal hold keeps everything retention would delete, until the hold is lifted
ALTER TABLE context_bundle ADD COLUMN legal_hold_at timestamptz;
ALTER TABLE context_bundle ADD COLUMN legal_hold_reason text;

-- one row per retention run: what each data class lost (soft- and hard-deleted counts)
CREATE TABLE retention_run (
    id          bigserial PRIMARY KEY,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz NOT NULL DEFAULT now(),
    instance    varchar(64) NOT NULL,
    purged      jsonb       NOT NULL
);

-- when a turn's vector was deleted (by retention), so it is neither deleted again nor embedded again
ALTER TABLE context_turn ADD COLUMN vector_deleted_at timestamptz;

-- Erasure of a data subject (issue 14, item 5): a forward-recovering saga. Each step (dead letters, vectors, cache,
-- PostgreSQL, vault key) is idempotent and recorded in receipt when done; a request left RUNNING by a replica that
-- died is taken over once its lease passes and finishes the steps not in the receipt.
CREATE TABLE erasure_request (
    id           uuid        PRIMARY KEY,
    user_id      varchar(80) NOT NULL,
    requested_by varchar(80) NOT NULL,
    status       varchar(16) NOT NULL CHECK (status IN ('RUNNING', 'DONE')),
    sessions     text[]      NOT NULL,
    receipt      jsonb       NOT NULL DEFAULT '{}'::jsonb,
    attempts     integer     NOT NULL DEFAULT 0,
    error        text,
    lease_until  timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz
);
CREATE UNIQUE INDEX erasure_request_running_uq ON erasure_request (user_id) WHERE status = 'RUNNING';
