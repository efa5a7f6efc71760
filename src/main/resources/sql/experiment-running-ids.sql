SELECT id FROM experiment WHERE status = 'running' ORDER BY created_at
