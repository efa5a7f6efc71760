UPDATE experiment SET status = 'stopped', rolled_back_by = :actor, rolled_back_at = now(), stopped_by = :actor,
       stopped_at = now(), updated_at = now(), version = version + 1
 WHERE id = :id AND status = 'promoted'
