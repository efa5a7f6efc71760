SELECT CAST(input AS text) FROM agent_workflow WHERE id = :id
