-- the publication a platform reports on, the experiment its run belongs to (if any), and for the analytics its
-- run's owner and pipeline (the content type)
SELECT p.platform, r.experiment_id, w.owner_id, w.workflow_type
  FROM publication p
  LEFT JOIN experiment_run r ON r.run_id = p.run_id
  LEFT JOIN agent_workflow w ON w.id = p.run_id
 WHERE p.id = :id
