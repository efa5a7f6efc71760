SELECT r.experiment_id, r.variant, v.parameters::text AS parameters, v.route_id, v.route_version
  FROM experiment_run r JOIN experiment_variant v ON v.experiment_id = r.experiment_id AND v.name = r.variant
 WHERE r.run_id = :runId
