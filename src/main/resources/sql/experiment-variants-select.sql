SELECT name, weight, control, parameters::text AS parameters, route_id, route_version
  FROM experiment_variant WHERE experiment_id = :id ORDER BY position
