-- only a running experiment is promoted, once: the replica whose UPDATE matches does the promotion
UPDATE experiment SET status = 'promoted', promoted_variant = :variant, promoted_by = :actor, promoted_at = now(),
       promotion = CAST(:promotion AS jsonb), updated_at = now(), version = version + 1
 WHERE id = :id AND status = 'running'
