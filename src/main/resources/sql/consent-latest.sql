-- a user's latest record for one purpose (none: the configured default holds)
SELECT granted FROM consent_record WHERE user_id = :userId AND purpose = :purpose ORDER BY id DESC LIMIT 1
