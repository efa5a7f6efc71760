-- the current version of each of these pieces (what a search answer compares its hits with)
SELECT id, current_version FROM content_piece WHERE id = ANY(CAST(? AS uuid[]))
