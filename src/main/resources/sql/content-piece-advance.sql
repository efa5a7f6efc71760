UPDATE content_piece SET current_version = ?, updated_at = now(), version = version + 1 WHERE id = ?
