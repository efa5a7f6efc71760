-- trend-scanner (issue 17): signals read from the sources of config/trends.yaml or uploaded as CSV, embedded and
-- clustered into trends. A trend is a generated_artifact (agent trend-scanner, kind trend) whose content holds its
-- label, ViralScore, counts and embedding; each score change is an agent_event_log row (trend.scored).
CREATE TABLE trend_signal (
    id           uuid PRIMARY KEY,
    source_id    varchar(64)  NOT NULL,
    -- what identifies the item within its source (a feed's guid or link, an endpoint's id, a hash of the title)
    item_key     varchar(128) NOT NULL,
    platform     varchar(32)  NOT NULL,
    title        text         NOT NULL,
    url          text,
    published_at timestamptz  NOT NULL,
    mentions     bigint       NOT NULL DEFAULT 1 CHECK (mentions >= 1),
    engagements  bigint       NOT NULL DEFAULT 0 CHECK (engagements >= 0),
    impressions  bigint       NOT NULL DEFAULT 0 CHECK (impressions >= 0),
    model        varchar(64),
    embedding    real[],
    -- the earlier signal of the same trend this one says the same as (de-duplicated by meaning)
    duplicate_of uuid,
    trend_id     uuid,
    created_at   timestamptz  NOT NULL DEFAULT now(),
    updated_at   timestamptz  NOT NULL DEFAULT now(),
    version      bigint       NOT NULL DEFAULT 0,
    CONSTRAINT trend_signal_item_uq UNIQUE (source_id, item_key)
);
CREATE INDEX trend_signal_published_idx ON trend_signal (published_at);
CREATE INDEX trend_signal_trend_idx ON trend_signal (trend_id);

-- when each source was read last, by which replica, and how it went
CREATE TABLE trend_source_state (
    source_id      varchar(64) PRIMARY KEY,
    last_polled_at timestamptz NOT NULL,
    polled_by      varchar(128) NOT NULL,
    last_status    varchar(16) NOT NULL,
    last_error     text,
    last_items     integer     NOT NULL DEFAULT 0,
    polls          bigint      NOT NULL DEFAULT 0,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    version        bigint      NOT NULL DEFAULT 0
);

CREATE INDEX generated_artifact_kind_status_idx ON generated_artifact (kind, status) WHERE deleted_at IS NULL;
