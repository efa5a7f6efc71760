-- adds one event's figures to its hour's rollup row
INSERT INTO analytics_rollup (hour, source, agent, pipeline, platform, content_type, events, succeeded, failed,
                              llm_calls, llm_cost_usd, views, likes, shares, clicks)
VALUES (:hour, :source, :agent, :pipeline, :platform, :contentType, 1, :succeeded, :failed, :llmCalls, :llmCostUsd,
        :views, :likes, :shares, :clicks)
ON CONFLICT (hour, source, agent, pipeline, platform, content_type) DO UPDATE
   SET events       = analytics_rollup.events + 1,
       succeeded    = analytics_rollup.succeeded + EXCLUDED.succeeded,
       failed       = analytics_rollup.failed + EXCLUDED.failed,
       llm_calls    = analytics_rollup.llm_calls + EXCLUDED.llm_calls,
       llm_cost_usd = analytics_rollup.llm_cost_usd + EXCLUDED.llm_cost_usd,
       views        = analytics_rollup.views + EXCLUDED.views,
       likes        = analytics_rollup.likes + EXCLUDED.likes,
       shares       = analytics_rollup.shares + EXCLUDED.shares,
       clicks       = analytics_rollup.clicks + EXCLUDED.clicks,
       updated_at   = now()
