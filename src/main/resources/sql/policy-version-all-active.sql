-- what the gate serves: the active version of every policy
SELECT policy_id, version, sha256, yaml, rule_ids, author, status, source, activated_by, activated_at, created_at
FROM policy_version WHERE status = 'active' ORDER BY policy_id
