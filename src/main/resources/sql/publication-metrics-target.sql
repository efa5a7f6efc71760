-- the publication a platform reports on, and the experiment its run belongs to (if any)
SELECT p.platform, r.experiment_id
  FROM publication p LEFT JOIN experiment_run r ON r.run_id = p.run_id
 WHERE p.id = :id
