-- per variant: sessions, runs, guardrail counts (saga end, policy verdict) and the metric over the latest
-- snapshot of each publication of its runs; successes are capped at the views of their publication so the
-- metric stays a proportion (likes + shares may exceed views)
WITH assigned AS (
    SELECT variant, count(*) AS n FROM experiment_assignment WHERE experiment_id = :id GROUP BY variant
), runs AS (
    SELECT r.variant, count(*) AS n,
           count(*) FILTER (WHERE s.status IN ('COMPLETED', 'COMPENSATED', 'FAILED_COMPENSATION')) AS finished,
           count(*) FILTER (WHERE s.status IN ('COMPENSATED', 'FAILED_COMPENSATION')) AS failed,
           count(*) FILTER (WHERE w.output -> 'policy' IS NOT NULL) AS judged,
           count(*) FILTER (WHERE w.output -> 'policy' ->> 'verdict' = 'REVIEW') AS reviewed
      FROM experiment_run r
      LEFT JOIN saga s ON s.id = r.run_id
      LEFT JOIN agent_workflow w ON w.id = r.run_id
     WHERE r.experiment_id = :id GROUP BY r.variant
), outcomes AS (
    SELECT r.variant, sum(m.views) AS trials,
           sum(LEAST(m.views, CASE WHEN :metric = 'engagement' THEN m.likes + m.shares ELSE m.clicks END)) AS successes
      FROM experiment_run r
      JOIN publication p ON p.run_id = r.run_id
      JOIN publication_metrics m ON m.publication_id = p.id
     WHERE r.experiment_id = :id GROUP BY r.variant
)
SELECT v.name, coalesce(a.n, 0) AS assignments, coalesce(r.n, 0) AS runs, coalesce(o.trials, 0) AS trials,
       coalesce(o.successes, 0) AS successes, coalesce(r.finished, 0) AS finished, coalesce(r.failed, 0) AS failed,
       coalesce(r.judged, 0) AS judged, coalesce(r.reviewed, 0) AS reviewed
  FROM experiment_variant v
  LEFT JOIN assigned a ON a.variant = v.name
  LEFT JOIN runs r ON r.variant = v.name
  LEFT JOIN outcomes o ON o.variant = v.name
 WHERE v.experiment_id = :id
 ORDER BY v.position
