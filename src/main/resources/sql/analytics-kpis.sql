-- the KPI sums of the hourly rollups in [from, to), grouped by one dimension (:groupBy, one of the values below;
-- any other value is one group 'all'); rows without the dimension ('') are not a group of it
WITH keyed AS (
    SELECT CASE CAST(:groupBy AS varchar)
               WHEN 'agent' THEN agent
               WHEN 'pipeline' THEN pipeline
               WHEN 'platform' THEN platform
               WHEN 'contentType' THEN content_type
               WHEN 'day' THEN to_char(hour AT TIME ZONE 'UTC', 'YYYY-MM-DD')
               WHEN 'hour' THEN to_char(hour AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24":00:00Z"')
               ELSE 'all' END AS key,
           r.*
      FROM analytics_rollup r
     WHERE r.hour >= :from AND r.hour < :to
)
SELECT key,
       COALESCE(sum(succeeded) FILTER (WHERE source = 'agent'), 0)        AS tasks_succeeded,
       COALESCE(sum(failed) FILTER (WHERE source = 'agent'), 0)           AS tasks_failed,
       COALESCE(sum(succeeded) FILTER (WHERE source = 'pipeline'), 0)     AS runs_succeeded,
       COALESCE(sum(failed) FILTER (WHERE source = 'pipeline'), 0)        AS runs_failed,
       COALESCE(sum(llm_calls) FILTER (WHERE source = 'llm'), 0)          AS llm_calls,
       COALESCE(sum(llm_cost_usd) FILTER (WHERE source = 'llm'), 0)       AS llm_cost_usd,
       COALESCE(sum(views) FILTER (WHERE source = 'publication'), 0)      AS views,
       COALESCE(sum(likes) FILTER (WHERE source = 'publication'), 0)      AS likes,
       COALESCE(sum(shares) FILTER (WHERE source = 'publication'), 0)     AS shares,
       COALESCE(sum(clicks) FILTER (WHERE source = 'publication'), 0)     AS clicks
  FROM keyed
 WHERE key <> ''
 GROUP BY key
 ORDER BY key
