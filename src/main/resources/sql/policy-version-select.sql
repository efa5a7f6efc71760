SELECT policy_id, version, sha256, yaml, rule_ids, author, status, source, activated_by, activated_at, created_at
FROM policy_version WHERE policy_id = ? AND version = ?
