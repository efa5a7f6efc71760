-- what the publish step's compensation must take down: posts made, and POSTs whose answer never came
SELECT platform, post_id FROM publication WHERE run_id = :runId AND status IN ('PUBLISHING', 'PUBLISHED')
 ORDER BY platform
