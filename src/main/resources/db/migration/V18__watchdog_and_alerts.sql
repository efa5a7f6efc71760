-- Issue 15: the agent watchdog and its alerts.

-- Spring Integration's JdbcLockRegistry (schema-postgresql.sql of spring-integration-jdbc): the watchdog runs on the
-- replica whose LockRegistryLeaderInitiator holds the lock
CREATE TABLE int_lock (
    lock_key     char(36)     NOT NULL,
    region       varchar(100) NOT NULL,
    client_id    char(36),
    created_date timestamp    NOT NULL,
    CONSTRAINT int_lock_pk PRIMARY KEY (lock_key, region)
);

-- every alert, firing or resolved; at most one firing per dedupe key
CREATE TABLE ops_alert (
    id           bigserial    PRIMARY KEY,
    dedupe_key   varchar(200) NOT NULL,
    rule         varchar(100) NOT NULL,
    agent        varchar(100),
    severity     varchar(20)  NOT NULL,
    status       varchar(20)  NOT NULL,
    title        text         NOT NULL,
    detail       text,
    runbook      text,
    recovery     text,
    fired_at     timestamptz  NOT NULL DEFAULT now(),
    last_seen_at timestamptz  NOT NULL DEFAULT now(),
    resolved_at  timestamptz,
    -- per channel: what the last announcement got (ok, or the failure)
    notified     jsonb        NOT NULL DEFAULT '{}'::jsonb
);
CREATE UNIQUE INDEX ops_alert_firing_uq ON ops_alert (dedupe_key) WHERE status = 'firing';
CREATE INDEX ops_alert_key_resolved_idx ON ops_alert (dedupe_key, resolved_at DESC);
CREATE INDEX ops_alert_fired_idx ON ops_alert (fired_at DESC);

-- what the watchdog asked (agent.recovery.requested) and what the recovery route did
CREATE TABLE watchdog_event (
    request_id   uuid         PRIMARY KEY,
    rule         varchar(100) NOT NULL,
    agent        varchar(100) NOT NULL,
    action       varchar(40)  NOT NULL,
    observed     jsonb        NOT NULL,
    requested_at timestamptz  NOT NULL DEFAULT now(),
    outcome      varchar(40),
    outcome_detail text,
    handled_at   timestamptz,
    handled_by   varchar(200)
);
CREATE INDEX watchdog_event_agent_idx ON watchdog_event (agent, requested_at DESC);
