SELECT id, seq, role, text, agent, channel, created_at
  FROM context_turn
 WHERE bundle_id = :#${header.bundle[id]}
   AND deleted_at IS NULL
 ORDER BY seq
