-- Immutable copies of a session's context (bundle + turns) that agents receive instead of the live bundle.
-- content is the snapshot's JSON, gzip-compressed above hub.context.compress-threshold (encoding says which).
CREATE TABLE context_snapshot (
    ref            uuid PRIMARY KEY,
    bundle_id      uuid        NOT NULL REFERENCES context_bundle (id),
    session_id     varchar(64) NOT NULL,
    owner_id       varchar(80) NOT NULL,
    bundle_version bigint      NOT NULL,
    encoding       varchar(8)  NOT NULL CHECK (encoding IN ('json', 'gzip')),
    content        bytea       NOT NULL,
    content_bytes  integer     NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    version        bigint      NOT NULL DEFAULT 0
);
CREATE INDEX context_snapshot_session_created_idx ON context_snapshot (session_id, created_at);

-- snapshots never change: UPDATE is refused by the database itself (DELETE stays possible for retention / GDPR)
CREATE FUNCTION context_snapshot_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'context_snapshot rows are immutable (ref %)', OLD.ref;
END;
$$;
CREATE TRIGGER context_snapshot_no_update BEFORE UPDATE ON context_snapshot
    FOR EACH ROW EXECUTE FUNCTION context_snapshot_immutable();
