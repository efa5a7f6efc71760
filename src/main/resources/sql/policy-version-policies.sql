-- every policy with its active version (null when none) and its latest version number; the active ones first
SELECT p.policy_id, a.version AS active_version, max(p.version) AS latest_version
FROM policy_version p LEFT JOIN policy_version a ON a.policy_id = p.policy_id AND a.status = 'active'
GROUP BY p.policy_id, a.version ORDER BY a.version IS NULL, p.policy_id
