-- a new version of a policy: the next number, under the policies' advisory lock (taken by the caller's transaction)
INSERT INTO policy_version (policy_id, version, sha256, yaml, rule_ids, author, status, source)
SELECT ?, COALESCE(max(version), 0) + 1, ?, ?, ?::text[], ?, 'candidate', ?
FROM policy_version WHERE policy_id = ?
RETURNING version
