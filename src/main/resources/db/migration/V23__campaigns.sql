-- Issue 17, campaign-orchestrator: campaigns across sessions and platforms, the viralization runs each round
-- launches (run id chosen and committed before the launch, so a crash never launches a run twice), the decisions
-- with their reasons, and the paid boosts allocated per round, platform and day.

CREATE TABLE campaign (
    id               uuid PRIMARY KEY,
    name             varchar(100) NOT NULL,
    created_by       varchar(80)  NOT NULL,
    goal             varchar(16)  NOT NULL CHECK (goal IN ('ctr', 'engagement')),
    brief            text         NOT NULL,
    sessions         jsonb        NOT NULL,   -- ["session id", ...]
    platforms        jsonb        NOT NULL,   -- ["tiktok", ...] canonical names
    variants         jsonb        NOT NULL,   -- [{"name", "parameters": {...}}, ...]
    budget_cents     bigint CHECK (budget_cents >= 0),
    per_round_cents  bigint CHECK (per_round_cents >= 0),
    daily_cap_cents  jsonb,                   -- {"tiktok": 1000, ...}
    starts_at        timestamptz  NOT NULL,
    ends_at          timestamptz  NOT NULL CHECK (ends_at > starts_at),
    cadence_seconds  bigint       NOT NULL CHECK (cadence_seconds > 0),
    status           varchar(16)  NOT NULL CHECK (status IN ('scheduled', 'running', 'ended', 'stopped')),
    rounds           integer      NOT NULL DEFAULT 0,
    next_round_at    timestamptz  NOT NULL,
    stopped_by       varchar(80),
    created_at       timestamptz  NOT NULL DEFAULT now(),
    updated_at       timestamptz  NOT NULL DEFAULT now(),
    version          bigint       NOT NULL DEFAULT 0
);
CREATE INDEX campaign_due_idx ON campaign (next_round_at) WHERE status IN ('scheduled', 'running');
CREATE INDEX campaign_creator_idx ON campaign (created_by);

-- one run per campaign, round, session and platform; planned in the round's transaction, then launched
CREATE TABLE campaign_launch (
    campaign_id uuid         NOT NULL REFERENCES campaign (id) ON DELETE CASCADE,
    round       integer      NOT NULL,
    session_id  varchar(64)  NOT NULL,
    platform    varchar(32)  NOT NULL,
    run_id      uuid         NOT NULL UNIQUE,
    variant     varchar(64)  NOT NULL,
    boost_cents bigint       NOT NULL DEFAULT 0,
    status      varchar(16)  NOT NULL CHECK (status IN ('planned', 'launched', 'failed')),
    error       text,
    created_at  timestamptz  NOT NULL DEFAULT now(),
    launched_at timestamptz,
    PRIMARY KEY (campaign_id, round, session_id, platform)
);
CREATE INDEX campaign_launch_planned_idx ON campaign_launch (campaign_id) WHERE status = 'planned';

-- what the orchestrator decided and why: a variant per launch, a skipped session, a boost, a round, the end
CREATE TABLE campaign_decision (
    id          bigserial    PRIMARY KEY,
    campaign_id uuid         NOT NULL REFERENCES campaign (id) ON DELETE CASCADE,
    round       integer      NOT NULL,
    kind        varchar(16)  NOT NULL CHECK (kind IN ('round', 'variant', 'skip', 'boost', 'end')),
    session_id  varchar(64),
    platform    varchar(32),
    subject     varchar(64),
    reason      text         NOT NULL,
    detail      jsonb,
    created_at  timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX campaign_decision_campaign_idx ON campaign_decision (campaign_id, id);

-- paid boost per round and platform, in cents, with the UTC day it counts against the platform's daily cap
CREATE TABLE campaign_boost (
    campaign_id  uuid        NOT NULL REFERENCES campaign (id) ON DELETE CASCADE,
    round        integer     NOT NULL,
    platform     varchar(32) NOT NULL,
    day          date        NOT NULL,
    amount_cents bigint      NOT NULL CHECK (amount_cents >= 0),
    reason       text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (campaign_id, round, platform)
);

-- a pipeline run launched with fixed parameters (a campaign's chosen variant): read by the run's steps like an A/B
-- experiment's variant (ExperimentAssignments.ofRun), so a resumed or recovered run keeps them
CREATE TABLE pipeline_run_parameters (
    run_id     uuid        PRIMARY KEY,
    source     varchar(32) NOT NULL,
    source_id  varchar(64) NOT NULL,
    variant    varchar(64) NOT NULL,
    parameters jsonb       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
