UPDATE route_version SET status = 'active', activated_at = now(), error = NULL, updated_at = now(),
       row_version = row_version + 1
WHERE route_id = ? AND version = ?
