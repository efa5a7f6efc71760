DELETE FROM vector_change WHERE created_at < now() - interval '1 day'
