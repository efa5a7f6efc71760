SELECT CAST(output AS text) FROM agent_workflow WHERE id = :id
