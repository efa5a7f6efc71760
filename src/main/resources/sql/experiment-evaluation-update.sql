UPDATE experiment SET evaluation = CAST(:evaluation AS jsonb), evaluated_at = now()
 WHERE id = :id AND status = 'running'
