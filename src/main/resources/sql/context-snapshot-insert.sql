INSERT INTO context_snapshot (ref, bundle_id, session_id, owner_id, bundle_version, encoding, content, content_bytes)
VALUES (CAST(:#ref AS uuid), CAST(:#bundleId AS uuid), :#sessionId, :#ownerId, CAST(:#bundleVersion AS bigint),
        :#encoding, :#content, :#contentBytes)
