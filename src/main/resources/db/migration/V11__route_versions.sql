-- Versions of operator YAML (issue 13). One row per version of a unit (the text of one submitted file, which may
-- define several routes and route templates); route_id is the unit id. The database is the truth every replica
-- converges on: a unit serves its active version, at most one per unit.
CREATE TABLE route_version (
    route_id      varchar(128) NOT NULL,
    version       int          NOT NULL,
    sha256        char(64)     NOT NULL,
    yaml          text         NOT NULL,
    route_ids     text[]       NOT NULL,
    template_ids  text[]       NOT NULL DEFAULT '{}',
    author        varchar(128) NOT NULL,
    status        varchar(16)  NOT NULL CHECK (status IN ('candidate', 'active', 'retired', 'failed')),
    -- 'api' or the file path the version was imported from
    source        varchar(512) NOT NULL,
    -- why the version could not serve (status failed), or why it was rolled back
    error         text,
    created_at    timestamptz  NOT NULL DEFAULT now(),
    updated_at    timestamptz  NOT NULL DEFAULT now(),
    activated_at  timestamptz,
    -- optimistic locking, as on every table ("version" is the unit's version number here)
    row_version   bigint       NOT NULL DEFAULT 0,
    PRIMARY KEY (route_id, version)
);
-- at most one active version per unit
CREATE UNIQUE INDEX route_version_active_uq ON route_version (route_id) WHERE status = 'active';
-- "is this text already the latest version?" and the replicas' sha comparison
CREATE INDEX route_version_sha_idx ON route_version (route_id, sha256);
