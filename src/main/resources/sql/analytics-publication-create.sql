INSERT INTO analytics_publication (publication_id) VALUES (:id) ON CONFLICT (publication_id) DO NOTHING
