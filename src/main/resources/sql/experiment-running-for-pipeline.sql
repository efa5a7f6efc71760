SELECT id FROM experiment WHERE pipeline = :pipeline AND status = 'running'
