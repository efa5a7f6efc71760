SELECT variant FROM experiment_assignment WHERE experiment_id = :experimentId AND session_id = :sessionId
