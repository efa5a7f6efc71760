SELECT route_id, version, sha256, yaml, route_ids, template_ids, author, status, source, error, created_at,
       activated_at
FROM route_version WHERE route_id = ? ORDER BY version DESC LIMIT 1
