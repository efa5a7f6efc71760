INSERT INTO consent_record (user_id, purpose, granted, policy_version)
VALUES (:userId, :purpose, :granted, :policyVersion)
RETURNING id, recorded_at
