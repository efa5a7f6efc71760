UPDATE agent_workflow SET output = COALESCE(output, '{}'::jsonb) || CAST(:output AS jsonb), updated_at = now(),
       version = version + 1
 WHERE id = :id
