-- compensation of the script and artifacts steps: idempotent, returns the artifacts withdrawn by this call
UPDATE generated_artifact SET status = 'withdrawn', updated_at = now(), version = version + 1
 WHERE workflow_id = :runId AND agent = :agent AND status <> 'withdrawn'
