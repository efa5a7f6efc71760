-- per variant and platform of a campaign: its launches, and the views (trials) and clicks or likes + shares
-- (successes, at most the views, so the rate stays a proportion) over the latest counters of the publications of
-- its launched runs
SELECT l.variant, l.platform, count(DISTINCT l.run_id) AS launches,
       coalesce(sum(m.views), 0) AS trials,
       coalesce(sum(LEAST(m.views, CASE WHEN :goal = 'engagement' THEN m.likes + m.shares ELSE m.clicks END)), 0)
           AS successes
  FROM campaign_launch l
  LEFT JOIN publication p ON p.run_id = l.run_id AND p.platform = l.platform
  LEFT JOIN publication_metrics m ON m.publication_id = p.id
 WHERE l.campaign_id = :id
 GROUP BY l.variant, l.platform
