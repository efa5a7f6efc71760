-- the calendar between :from (inclusive) and :to (exclusive), of one account or (:ownerId null) of all
SELECT id, run_id, owner_id, platform, publish_at, slot_start, artifact_id, status
FROM calendar_entry
WHERE publish_at >= :from AND publish_at < :to AND (CAST(:ownerId AS varchar) IS NULL OR owner_id = :ownerId)
ORDER BY publish_at, platform, id
