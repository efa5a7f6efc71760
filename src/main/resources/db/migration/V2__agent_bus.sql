-- Agent bus: transactional outbox, idempotent-consumer claims, and the message id on agent events.

-- Messages that follow a database write: inserted in the writer's transaction, relayed to the broker in id order.
CREATE TABLE bus_outbox (
    id           bigserial PRIMARY KEY,
    message_id   uuid         NOT NULL UNIQUE,
    agent        varchar(64)  NOT NULL,
    envelope     text         NOT NULL,
    headers      jsonb        NOT NULL DEFAULT '{}'::jsonb,
    created_at   timestamptz  NOT NULL DEFAULT now(),
    published_at timestamptz,
    attempts     int          NOT NULL DEFAULT 0,
    last_error   text
);
-- the relay reads the oldest unpublished rows first
CREATE INDEX bus_outbox_pending_idx ON bus_outbox (id) WHERE published_at IS NULL;

-- Idempotent consumer: one row per (consumer, messageId). CLAIMED while being processed, DONE once it had its effect.
CREATE TABLE bus_processed_message (
    consumer_key varchar(200) PRIMARY KEY,
    status       varchar(16)  NOT NULL,
    claimed_at   timestamptz  NOT NULL DEFAULT now(),
    completed_at timestamptz
);

-- bus receipts name the envelope's messageId (exactly-once is the idempotent consumer's job, and tests count these)
ALTER TABLE agent_event_log ADD COLUMN message_id uuid;
CREATE INDEX agent_event_log_message_idx ON agent_event_log (message_id) WHERE message_id IS NOT NULL;
