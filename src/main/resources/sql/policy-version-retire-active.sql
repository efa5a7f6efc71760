UPDATE policy_version SET status = 'retired' WHERE policy_id = ? AND status = 'active'
