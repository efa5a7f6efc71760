-- a new version of a unit: the next number, under the unit's advisory lock (taken by the caller's transaction)
INSERT INTO route_version (route_id, version, sha256, yaml, route_ids, template_ids, author, status, source)
SELECT ?, COALESCE(max(version), 0) + 1, ?, ?, ?::text[], ?::text[], ?, ?, ?
FROM route_version WHERE route_id = ?
RETURNING version
