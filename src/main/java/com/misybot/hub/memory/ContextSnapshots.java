package com.misybot.hub.memory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.misybot.hub.platform.web.Caller;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.apache.camel.Variable;
import org.springframework.stereotype.Component;

/** Context snapshots for the routes: the stored copy of bundle + turns, its reference and its view. */
@Component("contextSnapshots")
public class ContextSnapshots {

    public static final String NOT_FOUND = "No such snapshot for this caller.";

    private final ObjectMapper mapper;
    private final ContextCodec codec;
    private final ContextBundles bundles;

    public ContextSnapshots(ObjectMapper mapper, ContextCodec codec, ContextBundles bundles) {
        this.mapper = mapper;
        this.codec = codec;
        this.bundles = bundles;
    }

    /** Answer of POST /sessions/{id}/snapshots. */
    public record Created(String snapshotRef) {
    }

    /** A snapshot as GET /snapshots/{ref} and direct:context-snapshot-read give it: the frozen bundle and turns. */
    public record SnapshotView(String snapshotRef, String sessionId, String ownerId, long bundleVersion,
                               Instant createdAt, JsonNode bundle, JsonNode turns) {
    }

    /** Parameters of the snapshot INSERT, from the bundle-and-turns row; 404 when the session does not exist. */
    public Map<String, Object> create(@Header("snapshotSource") Map<String, Object> row)
            throws JsonProcessingException {
        if (row == null) {
            throw new SessionNotFoundException(SessionNotFoundException.DETAIL);
        }
        ContextBundles.BundleView bundle = bundles.view(row);
        ObjectNode content = mapper.createObjectNode();
        content.set("bundle", mapper.valueToTree(bundle));
        content.set("turns", mapper.readTree((String) row.get("turns")));
        String json = mapper.writeValueAsString(content);
        byte[] stored = codec.encode(json);
        Map<String, Object> params = new HashMap<>();
        params.put("ref", UUID.randomUUID().toString());
        params.put("bundleId", row.get("id").toString());
        params.put("sessionId", bundle.sessionId());
        params.put("ownerId", bundle.ownerId());
        params.put("bundleVersion", bundle.version());
        params.put("encoding", ContextCodec.isGzip(stored) ? "gzip" : "json");
        params.put("content", stored);
        params.put("contentBytes", json.getBytes(StandardCharsets.UTF_8).length);
        return params;
    }

    public Created created(@Body Map<String, Object> params) {
        return new Created((String) params.get("ref"));
    }

    /** Parameters of the snapshot SELECT; a reference that is not a UUID cannot exist (404, not 400). */
    public Map<String, Object> select(@Variable("snapshotRef") String ref) {
        try {
            return Map.of("ref", UUID.fromString(ref == null ? "" : ref).toString());
        } catch (IllegalArgumentException e) {
            throw new SessionNotFoundException(NOT_FOUND);
        }
    }

    public SnapshotView view(@Header("snapshotRow") Map<String, Object> row) throws JsonProcessingException {
        if (row == null) {
            throw new SessionNotFoundException(NOT_FOUND);
        }
        JsonNode content = mapper.readTree(codec.decode((byte[]) row.get("content")));
        return new SnapshotView(row.get("ref").toString(), (String) row.get("session_id"), (String) row.get("owner_id"),
                ((Number) row.get("bundle_version")).longValue(), ContextCommands.instant(row.get("created_at")),
                content.get("bundle"), content.get("turns"));
    }

    /** The snapshot if the caller may see its session: owner, operator or superadmin; anyone else gets 404. */
    public SnapshotView readable(@Body SnapshotView view, @Variable("caller") Caller caller) {
        if (caller == null || (!view.ownerId().equals(caller.id()) && !caller.isPrivileged())) {
            throw new SessionNotFoundException(NOT_FOUND);
        }
        return view;
    }
}
