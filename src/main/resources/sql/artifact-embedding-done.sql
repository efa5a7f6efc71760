-- the vector holds the text now: the row does not keep a second copy
UPDATE generated_artifact SET embedded_at = now(), embed_text = NULL WHERE id = :#artifactId
