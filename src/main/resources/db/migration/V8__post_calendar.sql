-- Post calendar of the post-scheduler: one entry per pipeline run and platform, publishing at publish_at.
-- slot_start is publish_at floored to hub.scheduler.slot-minutes: one live post per account, platform and slot.
CREATE TABLE calendar_entry (
    id          uuid PRIMARY KEY,
    run_id      uuid,
    owner_id    varchar(80) NOT NULL,
    platform    varchar(32) NOT NULL,
    publish_at  timestamptz NOT NULL,
    slot_start  timestamptz NOT NULL,
    artifact_id uuid,
    status      varchar(16) NOT NULL CHECK (status IN ('SCHEDULED', 'PUBLISHED', 'CANCELLED')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    version     bigint      NOT NULL DEFAULT 0,
    CONSTRAINT calendar_entry_slot_aligned CHECK (slot_start <= publish_at)
);
-- conflict detection: a cancelled entry frees its slot
CREATE UNIQUE INDEX calendar_entry_slot_uq ON calendar_entry (owner_id, platform, slot_start)
    WHERE status <> 'CANCELLED';
-- idempotency of scheduling per (run, platform); also the index behind every lookup by run
CREATE UNIQUE INDEX calendar_entry_run_uq ON calendar_entry (run_id, platform) WHERE run_id IS NOT NULL;
CREATE INDEX calendar_entry_owner_publish_idx ON calendar_entry (owner_id, publish_at);
