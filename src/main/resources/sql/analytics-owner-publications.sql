-- a user's own published posts since :since with their latest counters (none yet: zeros), most viewed first
SELECT p.id, p.platform, p.created_at, w.workflow_type, w.input ->> 'brief' AS brief,
       COALESCE(m.views, 0) AS views, COALESCE(m.likes, 0) AS likes, COALESCE(m.shares, 0) AS shares,
       COALESCE(m.clicks, 0) AS clicks
  FROM publication p
  JOIN agent_workflow w ON w.id = p.run_id
  LEFT JOIN publication_metrics m ON m.publication_id = p.id
 WHERE w.owner_id = :ownerId AND w.deleted_at IS NULL AND p.status = 'PUBLISHED' AND p.created_at >= :since
 ORDER BY COALESCE(m.views, 0) DESC, p.created_at DESC
 LIMIT 500
