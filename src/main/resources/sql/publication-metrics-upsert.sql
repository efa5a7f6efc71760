-- cumulative counters: the latest snapshot replaces the one before; the snapshot's analytics event is written in
-- the same statement (when analytics-reporter is on the bus)
WITH snapshot AS (
    INSERT INTO publication_metrics (publication_id, views, likes, shares, clicks, watch_time_sec)
    VALUES (:id, :views, :likes, :shares, :clicks, :watchTimeSec)
    ON CONFLICT (publication_id) DO UPDATE
       SET views = EXCLUDED.views, likes = EXCLUDED.likes, shares = EXCLUDED.shares, clicks = EXCLUDED.clicks,
           watch_time_sec = EXCLUDED.watch_time_sec, received_at = now(), updated_at = now(),
           version = publication_metrics.version + 1
    RETURNING publication_id
)
INSERT INTO bus_outbox (message_id, agent, envelope, headers)
SELECT CAST(:messageId AS uuid), :targetAgent, :envelope, CAST(:busHeaders AS jsonb)
  FROM snapshot
 WHERE CAST(:targetAgent AS varchar) IS NOT NULL
