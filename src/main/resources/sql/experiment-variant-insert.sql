INSERT INTO experiment_variant (experiment_id, name, position, weight, control, parameters, route_id, route_version)
VALUES (:experimentId, :name, :position, :weight, :control, CAST(:parameters AS jsonb), :routeId, :routeVersion)
