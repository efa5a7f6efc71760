-- what every new run of the pipeline uses outside a running experiment: the winner's variant of its latest
-- promotion, or the control's when that promotion was rolled back
SELECT e.id, v.name, v.parameters::text AS parameters, v.route_id, v.route_version, e.status
  FROM experiment e
  JOIN experiment_variant v ON v.experiment_id = e.id
   AND ((e.status = 'promoted' AND v.name = e.promoted_variant) OR (e.rolled_back_at IS NOT NULL AND v.control))
 WHERE e.pipeline = :pipeline AND (e.status = 'promoted' OR e.rolled_back_at IS NOT NULL)
 ORDER BY coalesce(e.rolled_back_at, e.promoted_at) DESC LIMIT 1
