-- changes after the replica's cursor, plus the last seconds again: a sequence number taken by a transaction that
-- committed late is not skipped (replaying a change is harmless)
SELECT seq, op, source_ids, origin
  FROM vector_change
 WHERE (seq > :#after OR created_at > now() - make_interval(secs => :#overlapSeconds))
   AND origin <> :#origin
 ORDER BY seq
 LIMIT 1000
