UPDATE saga SET next_attempt_at = now() + CAST(:delayMs AS bigint) * interval '1 millisecond', error = :error,
       updated_at = now()
 WHERE id = :sagaId
