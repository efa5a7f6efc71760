-- what every replica must run: the active version of each unit
SELECT route_id, version, sha256, yaml, route_ids, template_ids, author, status, source, error, created_at,
       activated_at
FROM route_version WHERE status = 'active' ORDER BY route_id
