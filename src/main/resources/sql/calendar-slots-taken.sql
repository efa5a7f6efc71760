-- slots from :from on that an account already uses on any of :platforms
SELECT DISTINCT slot_start FROM calendar_entry
WHERE owner_id = :ownerId AND platform IN (:platforms) AND status <> 'CANCELLED' AND slot_start >= :from
ORDER BY slot_start
