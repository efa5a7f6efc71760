-- every entry of one pipeline run, whatever its status
SELECT id, run_id, owner_id, platform, publish_at, slot_start, artifact_id, status
FROM calendar_entry WHERE run_id = :runId
