UPDATE policy_version SET status = 'active', activated_by = ?, activated_at = now() WHERE policy_id = ? AND version = ?
