-- Issue 17: the content-editor's pieces and their versions. A piece is its owner's (and optionally belongs to a
-- session); every change is a new version, never an update of an old one: restoring copies an old version forward.
CREATE TABLE content_piece (
    id              uuid         PRIMARY KEY,
    owner_id        varchar(80)  NOT NULL,
    session_id      varchar(128),
    -- the latest version's number: the piece's ETag, and what If-Match is compared with
    current_version int          NOT NULL,
    created_at      timestamptz  NOT NULL DEFAULT now(),
    updated_at      timestamptz  NOT NULL DEFAULT now(),
    -- optimistic locking, as on every table
    version         bigint       NOT NULL DEFAULT 0
);
CREATE INDEX content_piece_owner_idx ON content_piece (owner_id, created_at);
CREATE INDEX content_piece_session_idx ON content_piece (session_id, created_at);

CREATE TABLE content_version (
    content_id    uuid         NOT NULL REFERENCES content_piece (id) ON DELETE CASCADE,
    version       int          NOT NULL,
    title         text         NOT NULL,
    text          text         NOT NULL,
    author        varchar(80)  NOT NULL,
    -- api (a person's edit), restore (an old version copied forward), agent (an edit by the content-editor agent)
    origin        varchar(16)  NOT NULL CHECK (origin IN ('api', 'restore', 'agent')),
    restored_from int,
    -- what was asked of the agent ("shorten this"), for origin agent
    instruction   text,
    created_at    timestamptz  NOT NULL DEFAULT now(),
    -- set once the version's text is in the vector store (route content-embedding)
    embedded_at   timestamptz,
    PRIMARY KEY (content_id, version)
);
CREATE INDEX content_version_pending_idx ON content_version (created_at) WHERE embedded_at IS NULL;
