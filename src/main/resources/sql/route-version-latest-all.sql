-- the latest version number of every unit (the units list), without reading the YAML of each version
SELECT route_id, max(version) AS latest FROM route_version GROUP BY route_id
