-- live posts of runs in running experiments: what the stats poll asks the platforms about
SELECT p.id, p.platform, p.post_id
  FROM publication p
  JOIN experiment_run r ON r.run_id = p.run_id
  JOIN experiment e ON e.id = r.experiment_id AND e.status = 'running'
 WHERE p.status = 'PUBLISHED' AND p.post_id IS NOT NULL AND p.platform IN (:platforms)
 ORDER BY p.created_at
 LIMIT 1000
