-- the version that served before the current one: the most recently activated version that is not active now
SELECT route_id, version, sha256, yaml, route_ids, template_ids, author, status, source, error, created_at,
       activated_at
FROM route_version WHERE route_id = ? AND status = 'retired' AND activated_at IS NOT NULL
ORDER BY activated_at DESC LIMIT 1
