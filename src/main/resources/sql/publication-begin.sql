-- before the POST: a crash after it leaves a PUBLISHING row for the compensation to reconcile
INSERT INTO publication (id, run_id, platform, status) VALUES (:id, :runId, :platform, 'PUBLISHING')
ON CONFLICT (run_id, platform) DO NOTHING
