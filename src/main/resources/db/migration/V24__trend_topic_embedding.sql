-- trend-scanner (issue 17): topics are found on a second embedding of each signal, that of its title after
-- clustering.topic-prefix of config/trends.yaml (README "Trend scanner"); NULL when there is no prefix (the signal's
-- own embedding is clustered then). topic_prefix records which prefix made it: signals embedded with another prefix
-- (or, as all before this migration, with none recorded) are embedded again at the next scan.
ALTER TABLE trend_signal ADD COLUMN topic_embedding real[];
ALTER TABLE trend_signal ADD COLUMN topic_prefix text;
