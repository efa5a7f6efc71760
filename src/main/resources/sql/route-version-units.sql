-- each unit with its active version, or its latest one when none is active
SELECT DISTINCT ON (route_id) route_id, version, sha256, yaml, route_ids, template_ids, author, status, source,
       error, created_at, activated_at
FROM route_version ORDER BY route_id, (status = 'active') DESC, version DESC
