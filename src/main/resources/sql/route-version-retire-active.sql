UPDATE route_version SET status = 'retired', updated_at = now(), row_version = row_version + 1
WHERE route_id = ? AND status = 'active'
