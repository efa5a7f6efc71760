-- Persistent saga service (com.misybot.hub.saga): who runs a saga (instance + lease), why it ended, and the
-- bookkeeping of compensation retries; publications made by the viralization pipeline's publish step.

ALTER TABLE saga
    ADD COLUMN owner_id        varchar(80),          -- the user who started it (may read it without operator role)
    ADD COLUMN instance_id     varchar(64),          -- hub instance running it now; NULL when nobody is
    ADD COLUMN lease_until     timestamptz,          -- that instance's claim; past it another instance recovers
    ADD COLUMN next_attempt_at timestamptz,          -- next retry of a failed compensation or completion
    ADD COLUMN error           text,
    ADD COLUMN finished_at     timestamptz;

-- the recovery scan: live statuses by lease, and timeouts
CREATE INDEX saga_live_lease_idx ON saga (lease_until)
    WHERE status IN ('RUNNING', 'COMPENSATING', 'COMPLETING');
CREATE INDEX saga_live_timeout_idx ON saga (timeout_at)
    WHERE status IN ('RUNNING', 'AWAITING_APPROVAL');
CREATE INDEX saga_created_idx ON saga (created_at);

ALTER TABLE saga_step
    ADD COLUMN compensations   integer NOT NULL DEFAULT 0,  -- successful runs of the compensation (must stay ≤ 1)
    ADD COLUMN compensated_at  timestamptz,
    ADD COLUMN completed_at    timestamptz;

-- one row per platform post of a pipeline run; PUBLISHING before the POST so a crash leaves a trace to undo
CREATE TABLE publication (
    id          uuid PRIMARY KEY,
    run_id      uuid        NOT NULL,
    platform    varchar(32) NOT NULL,
    status      varchar(16) NOT NULL,   -- PUBLISHING, PUBLISHED, DELETED
    post_id     varchar(200),
    error       text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT publication_run_platform_uq UNIQUE (run_id, platform)
);
