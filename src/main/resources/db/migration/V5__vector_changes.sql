-- Change log of the embeddings collection: every replica's in-process vector index replays the writes made through
-- the other replicas (upserts are re-read from MongoDB, deletes applied). Rows are pruned after a day.
CREATE TABLE vector_change (
    seq         bigserial PRIMARY KEY,
    op          char(1)     NOT NULL CHECK (op IN ('U', 'D')),
    source_ids  text[]      NOT NULL,
    origin      varchar(64) NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX vector_change_created_idx ON vector_change (created_at);
