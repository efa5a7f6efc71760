-- the counters of a publication already counted (the row is created at zero first: analytics-publication-create)
SELECT views, likes, shares, clicks FROM analytics_publication WHERE publication_id = :id FOR UPDATE
