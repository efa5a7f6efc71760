-- Issue 13 (PIPE-3): A/B experiments on a pipeline, sticky assignments per session, the variant of every run,
-- and the outcome metrics platforms post for each publication.

CREATE TABLE experiment (
    id                  uuid PRIMARY KEY,
    name                varchar(100)     NOT NULL,
    pipeline            varchar(64)      NOT NULL,
    metric              varchar(32)      NOT NULL,          -- ctr | engagement
    guardrail_metric    varchar(32),                        -- errorRate | reviewRate
    guardrail_max_delta double precision,
    min_samples         bigint           NOT NULL,          -- trials (views) per arm before any promotion
    significance        double precision NOT NULL,          -- alpha of the one-sided two-proportion z-test
    status              varchar(16)      NOT NULL,          -- running, promoted, stopped
    created_by          varchar(80)      NOT NULL,
    promoted_variant    varchar(64),
    promoted_by         varchar(80),
    promoted_at         timestamptz,
    -- what the promotion changed, so a rollback can undo exactly that (e.g. the route version active before)
    promotion           jsonb,
    rolled_back_by      varchar(80),
    rolled_back_at      timestamptz,
    stopped_by          varchar(80),
    stopped_at          timestamptz,
    -- the last evaluation (rates, z, p, guardrails, why nothing was promoted), shown by GET
    evaluation          jsonb,
    evaluated_at        timestamptz,
    created_at          timestamptz      NOT NULL DEFAULT now(),
    updated_at          timestamptz      NOT NULL DEFAULT now(),
    version             bigint           NOT NULL DEFAULT 0
);
-- one running experiment per pipeline: a session is in at most one, and a run has one variant
CREATE UNIQUE INDEX experiment_one_running_per_pipeline ON experiment (pipeline) WHERE status = 'running';
-- what new runs use outside a running experiment: the pipeline's latest promotion or rollback
CREATE INDEX experiment_pipeline_idx ON experiment (pipeline, promoted_at);

CREATE TABLE experiment_variant (
    experiment_id uuid             NOT NULL REFERENCES experiment (id) ON DELETE CASCADE,
    name          varchar(64)      NOT NULL,
    position      integer          NOT NULL,
    weight        double precision NOT NULL CHECK (weight > 0),
    control       boolean          NOT NULL DEFAULT false,
    parameters    jsonb,
    route_id      varchar(200),
    route_version integer,
    PRIMARY KEY (experiment_id, name)
);
CREATE UNIQUE INDEX experiment_variant_one_control ON experiment_variant (experiment_id) WHERE control;

-- sticky: the first run of a session decides, later weight changes never move the session
CREATE TABLE experiment_assignment (
    experiment_id uuid        NOT NULL REFERENCES experiment (id) ON DELETE CASCADE,
    session_id    varchar(64) NOT NULL,
    variant       varchar(64) NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (experiment_id, session_id)
);

CREATE TABLE experiment_run (
    run_id        uuid PRIMARY KEY,
    experiment_id uuid        NOT NULL REFERENCES experiment (id) ON DELETE CASCADE,
    variant       varchar(64) NOT NULL,
    session_id    varchar(64) NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX experiment_run_experiment_idx ON experiment_run (experiment_id, variant);

-- cumulative counters of a publication as its platform last reported them (latest wins)
CREATE TABLE publication_metrics (
    publication_id uuid PRIMARY KEY REFERENCES publication (id) ON DELETE CASCADE,
    views          bigint      NOT NULL,
    likes          bigint      NOT NULL,
    shares         bigint      NOT NULL,
    clicks         bigint      NOT NULL,
    watch_time_sec bigint,
    received_at    timestamptz NOT NULL DEFAULT now(),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    version        bigint      NOT NULL DEFAULT 0
);
