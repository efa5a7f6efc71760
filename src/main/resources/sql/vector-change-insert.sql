INSERT INTO vector_change (op, source_ids, origin) VALUES (:#op, CAST(:#sourceIds AS text[]), :#origin)
