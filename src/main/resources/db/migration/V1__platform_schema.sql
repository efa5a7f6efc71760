-- Platform entities of the MisyBot Agent Hub.
-- Audit columns on every table: created_at, updated_at, version (optimistic locking);
-- deleted_at (soft delete) where the data is user-owned.

CREATE TABLE app_user (
    id            uuid PRIMARY KEY,
    username      varchar(64)  NOT NULL,
    password_hash varchar(100) NOT NULL,
    roles         text[]       NOT NULL,
    enabled       boolean      NOT NULL DEFAULT true,
    created_at    timestamptz  NOT NULL DEFAULT now(),
    updated_at    timestamptz  NOT NULL DEFAULT now(),
    version       bigint       NOT NULL DEFAULT 0,
    deleted_at    timestamptz,
    CONSTRAINT app_user_roles_known CHECK (roles <@ ARRAY['superadmin','operator','auditor','user']::text[])
);
CREATE UNIQUE INDEX app_user_username_uq ON app_user (lower(username));

CREATE TABLE api_key (
    id           uuid PRIMARY KEY,
    name         varchar(64)  NOT NULL,
    key_hash     char(64)     NOT NULL,
    role         varchar(16)  NOT NULL CHECK (role IN ('superadmin','operator','auditor','user')),
    created_by   uuid REFERENCES app_user (id),
    last_used_at timestamptz,
    revoked_at   timestamptz,
    created_at   timestamptz  NOT NULL DEFAULT now(),
    updated_at   timestamptz  NOT NULL DEFAULT now(),
    version      bigint       NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX api_key_hash_uq ON api_key (key_hash);
CREATE UNIQUE INDEX api_key_name_uq ON api_key (name) WHERE revoked_at IS NULL;

-- refresh tokens of the built-in issuer: stored hashed, rotated on use, a family is revoked on reuse
CREATE TABLE refresh_token (
    id          uuid PRIMARY KEY,
    family_id   uuid        NOT NULL,
    user_id     uuid        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    token_hash  char(64)    NOT NULL,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    revoked_at  timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    version     bigint      NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX refresh_token_hash_uq ON refresh_token (token_hash);
CREATE INDEX refresh_token_family_idx ON refresh_token (family_id);

-- RS256 signing keys of the built-in issuer (shared by replicas; JWKS publishes the non-retired ones)
CREATE TABLE jwt_signing_key (
    kid          varchar(64) PRIMARY KEY,
    private_key  text        NOT NULL,
    public_key   text        NOT NULL,
    retired_at   timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    version      bigint      NOT NULL DEFAULT 0
);

-- a session's context: summary, variables, decisions; one per session, owned by the caller who opened it
CREATE TABLE context_bundle (
    id                  uuid PRIMARY KEY,
    session_id          varchar(64) NOT NULL,
    owner_id            varchar(80) NOT NULL,
    summary             text,
    variables           jsonb       NOT NULL DEFAULT '{}'::jsonb,
    decisions           jsonb       NOT NULL DEFAULT '[]'::jsonb,
    anonymization_level varchar(16) NOT NULL DEFAULT 'none',
    turn_count          integer     NOT NULL DEFAULT 0,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    version             bigint      NOT NULL DEFAULT 0,
    deleted_at          timestamptz
);
CREATE UNIQUE INDEX context_bundle_session_uq ON context_bundle (session_id);
CREATE INDEX context_bundle_session_created_idx ON context_bundle (session_id, created_at);
CREATE INDEX context_bundle_owner_idx ON context_bundle (owner_id);

CREATE TABLE context_turn (
    id             uuid PRIMARY KEY,
    bundle_id      uuid        NOT NULL REFERENCES context_bundle (id),
    session_id     varchar(64) NOT NULL,
    seq            integer     NOT NULL,
    role           varchar(16) NOT NULL CHECK (role IN ('user','assistant','system','tool')),
    text           text        NOT NULL,
    agent          varchar(64),
    channel        varchar(64),
    correlation_id varchar(64),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    version        bigint      NOT NULL DEFAULT 0,
    deleted_at     timestamptz,
    CONSTRAINT context_turn_seq_uq UNIQUE (bundle_id, seq)
);
CREATE INDEX context_turn_session_created_idx ON context_turn (session_id, created_at);

-- a multi-step piece of agent work (a pipeline run) in a session
CREATE TABLE agent_workflow (
    id             uuid PRIMARY KEY,
    session_id     varchar(64),
    bundle_id      uuid REFERENCES context_bundle (id),
    owner_id       varchar(80),
    workflow_type  varchar(64) NOT NULL,
    status         varchar(32) NOT NULL,
    current_step   varchar(64),
    input          jsonb,
    output         jsonb,
    correlation_id varchar(64),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    version        bigint      NOT NULL DEFAULT 0,
    deleted_at     timestamptz
);
CREATE INDEX agent_workflow_session_created_idx ON agent_workflow (session_id, created_at);
CREATE INDEX agent_workflow_status_idx ON agent_workflow (status);

-- append-only log of what agents and operators did (audit trail, accounting)
CREATE TABLE agent_event_log (
    id             bigserial PRIMARY KEY,
    workflow_id    uuid REFERENCES agent_workflow (id),
    session_id     varchar(64),
    agent          varchar(64),
    event_type     varchar(64) NOT NULL,
    actor_id       varchar(80),
    payload        jsonb,
    correlation_id varchar(64),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    version        bigint      NOT NULL DEFAULT 0
);
CREATE INDEX agent_event_log_session_created_idx ON agent_event_log (session_id, created_at);
CREATE INDEX agent_event_log_workflow_idx ON agent_event_log (workflow_id);

CREATE TABLE generated_artifact (
    id           uuid PRIMARY KEY,
    workflow_id  uuid REFERENCES agent_workflow (id),
    session_id   varchar(64),
    owner_id     varchar(80),
    agent        varchar(64) NOT NULL,
    kind         varchar(32) NOT NULL,
    status       varchar(32) NOT NULL DEFAULT 'draft',
    content      jsonb       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    version      bigint      NOT NULL DEFAULT 0,
    deleted_at   timestamptz
);
CREATE INDEX generated_artifact_session_created_idx ON generated_artifact (session_id, created_at);
CREATE INDEX generated_artifact_workflow_idx ON generated_artifact (workflow_id);

CREATE TABLE saga (
    id           uuid PRIMARY KEY,
    workflow_id  uuid REFERENCES agent_workflow (id),
    session_id   varchar(64),
    name         varchar(64) NOT NULL,
    status       varchar(32) NOT NULL,
    timeout_at   timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    version      bigint      NOT NULL DEFAULT 0
);
CREATE INDEX saga_session_created_idx ON saga (session_id, created_at);
CREATE INDEX saga_status_timeout_idx ON saga (status, timeout_at);

CREATE TABLE saga_step (
    id               uuid PRIMARY KEY,
    saga_id          uuid        NOT NULL REFERENCES saga (id) ON DELETE CASCADE,
    step_index       integer     NOT NULL,
    name             varchar(64) NOT NULL,
    status           varchar(32) NOT NULL,
    compensation_uri text,
    completion_uri   text,
    options          jsonb,
    attempts         integer     NOT NULL DEFAULT 0,
    error            text,
    started_at       timestamptz,
    finished_at      timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    version          bigint      NOT NULL DEFAULT 0,
    CONSTRAINT saga_step_index_uq UNIQUE (saga_id, step_index)
);
