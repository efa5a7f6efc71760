-- Issue 16: versions of the policy gate's rules. One row per version of a policy (the text of one policy file,
-- config/policies/<policy_id>.yaml); the gate serves the active version of every policy, at most one per policy.
-- Every replica builds its gate from these rows: the database is the truth they converge on.
CREATE TABLE policy_version (
    policy_id    varchar(64)  NOT NULL,
    version      int          NOT NULL,
    sha256       char(64)     NOT NULL,
    yaml         text         NOT NULL,
    rule_ids     text[]       NOT NULL,
    -- who stored it: a user id, or system:file-import for the shipped file
    author       varchar(128) NOT NULL,
    status       varchar(16)  NOT NULL CHECK (status IN ('candidate', 'active', 'retired')),
    -- 'api' or the file the version was imported from
    source       varchar(512) NOT NULL,
    -- who made it serve, and when (the last time, for a version activated again)
    activated_by varchar(128),
    activated_at timestamptz,
    created_at   timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (policy_id, version)
);
-- at most one active version per policy
CREATE UNIQUE INDEX policy_version_active_uq ON policy_version (policy_id) WHERE status = 'active';
