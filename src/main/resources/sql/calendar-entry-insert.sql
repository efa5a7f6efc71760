-- one calendar entry; a second insert for the same (run, platform) does nothing and returns no row
INSERT INTO calendar_entry (id, run_id, owner_id, platform, publish_at, slot_start, artifact_id, status)
VALUES (:id, :runId, :ownerId, :platform, :publishAt, :slotStart, :artifactId, 'SCHEDULED')
ON CONFLICT (run_id, platform) WHERE run_id IS NOT NULL DO NOTHING
RETURNING id, run_id, owner_id, platform, publish_at, slot_start, artifact_id, status
