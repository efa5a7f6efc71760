-- a user's consent records, newest first
SELECT purpose, granted, policy_version, recorded_at
  FROM consent_record
 WHERE user_id = :userId
 ORDER BY id DESC
 LIMIT :limit
