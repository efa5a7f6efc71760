UPDATE content_version SET embedded_at = now() WHERE content_id = CAST(:#contentId AS uuid) AND version = :#version
