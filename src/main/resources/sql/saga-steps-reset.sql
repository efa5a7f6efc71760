-- an operator retries a saga's compensation: its failed steps get a fresh set of attempts
UPDATE saga_step SET attempts = 0, updated_at = now() WHERE saga_id = :sagaId AND status = 'COMPENSATION_FAILED'
