-- Who changed a context bundle last through PUT .../context (the owner or an operator: a user id), for the
-- operators' context inspector (GET /api/v1/admin/contexts/{sessionId}); NULL until the first such change.
ALTER TABLE context_bundle ADD COLUMN updated_by varchar(80);

-- GET /api/v1/admin/metrics reads a time window of LLM calls and agent failures (saga_created_idx, V7, serves the runs)
CREATE INDEX agent_event_log_type_created_idx ON agent_event_log (event_type, created_at);
