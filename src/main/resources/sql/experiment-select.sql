SELECT id, name, pipeline, metric, guardrail_metric, guardrail_max_delta, min_samples, significance, status,
       created_by, created_at, promoted_variant, promoted_by, promoted_at, promotion::text AS promotion,
       rolled_back_by, rolled_back_at, stopped_by, stopped_at, evaluation::text AS evaluation, evaluated_at
  FROM experiment WHERE id = :id
