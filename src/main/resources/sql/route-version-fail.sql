UPDATE route_version SET status = 'failed', error = ?, updated_at = now(), row_version = row_version + 1
WHERE route_id = ? AND version = ?
