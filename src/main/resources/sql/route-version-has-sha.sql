-- whether some version of the unit already holds this text (a file imported again is not a new version)
SELECT count(*) FROM route_version WHERE route_id = ? AND sha256 = ?
