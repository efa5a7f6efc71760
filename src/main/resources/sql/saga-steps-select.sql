SELECT id, step_index, name, status, compensation_uri, completion_uri, CAST(options AS text) AS options, attempts,
       compensations, error, started_at, finished_at, compensated_at, completed_at
  FROM saga_step WHERE saga_id = :sagaId ORDER BY step_index
