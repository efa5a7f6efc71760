UPDATE experiment SET status = 'stopped', stopped_by = :actor, stopped_at = now(), updated_at = now(),
       version = version + 1
 WHERE id = :id AND status = 'running'
