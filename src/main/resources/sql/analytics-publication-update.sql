UPDATE analytics_publication SET views = :views, likes = :likes, shares = :shares, clicks = :clicks, updated_at = now()
 WHERE publication_id = :id
