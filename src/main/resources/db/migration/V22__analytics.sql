-- Analytics-reporter (issue 17): hourly rollups of the analytics events it consumes from the bus, the ledger that
-- makes counting idempotent, the counters of each publication already counted, and the daily reports.
-- No user id is stored here: rollups are aggregates, so erasure and export have nothing to find in them.

-- one row per hour and dimension tuple; '' where a dimension does not apply (an agent task has no platform)
CREATE TABLE analytics_rollup (
    hour         timestamptz   NOT NULL,
    source       varchar(16)   NOT NULL CHECK (source IN ('agent', 'llm', 'pipeline', 'publication')),
    agent        varchar(64)   NOT NULL DEFAULT '',
    pipeline     varchar(64)   NOT NULL DEFAULT '',
    platform     varchar(32)   NOT NULL DEFAULT '',
    content_type varchar(64)   NOT NULL DEFAULT '',
    events       bigint        NOT NULL DEFAULT 0,
    succeeded    bigint        NOT NULL DEFAULT 0,
    failed       bigint        NOT NULL DEFAULT 0,
    llm_calls    bigint        NOT NULL DEFAULT 0,
    llm_cost_usd numeric(20,8) NOT NULL DEFAULT 0,
    views        bigint        NOT NULL DEFAULT 0,
    likes        bigint        NOT NULL DEFAULT 0,
    shares       bigint        NOT NULL DEFAULT 0,
    clicks       bigint        NOT NULL DEFAULT 0,
    updated_at   timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (hour, source, agent, pipeline, platform, content_type)
);

-- every event counted (or deliberately not counted: no consent), so a redelivery changes nothing; pruned after
-- hub.analytics.dedupe-days
CREATE TABLE analytics_event (
    event_id    uuid        PRIMARY KEY,
    type        varchar(64) NOT NULL,
    counted     boolean     NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX analytics_event_received_idx ON analytics_event (received_at);

-- platforms report cumulative counters: what was already counted per publication, so only the increase counts and
-- an older snapshot arriving late counts nothing
CREATE TABLE analytics_publication (
    publication_id uuid        PRIMARY KEY,
    views          bigint      NOT NULL DEFAULT 0,
    likes          bigint      NOT NULL DEFAULT 0,
    shares         bigint      NOT NULL DEFAULT 0,
    clicks         bigint      NOT NULL DEFAULT 0,
    updated_at     timestamptz NOT NULL DEFAULT now()
);

-- one report per UTC day, written by one replica (ShedLock analytics-report); where it was sent
CREATE TABLE analytics_report (
    day        date        PRIMARY KEY,
    report     jsonb       NOT NULL,
    sent_to    jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at timestamptz NOT NULL DEFAULT now()
);
