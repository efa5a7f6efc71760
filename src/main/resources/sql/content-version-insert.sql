INSERT INTO content_version (content_id, version, title, text, author, origin, restored_from, instruction)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
