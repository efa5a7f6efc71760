package com.misybot.hub.pipelines.experiments;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.platform.OutboundUrlPolicy;
import com.misybot.hub.platform.SqlFiles;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.camel.Body;
import org.apache.camel.Variable;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The other way metrics arrive: the hub polls {@code hub.publish.platforms.<p>.stats-url} for the live posts of
 * runs in running experiments (PublicationStatsRoutes). Every URL passes hub.security.outbound at start (with a
 * sample post id) and again before each call; an answer is stored like a webhook snapshot (the latest wins).
 */
@Service("publicationStats")
public class PublicationStats {

    private static final String DUE = SqlFiles.load("publication-stats-due.sql");

    /** One call to make: the publication, its platform and the stats URL of its post. */
    public record Poll(String publicationId, String platform, String url) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final ObjectMapper json;
    private final PublicationSnapshots snapshots;
    private final OutboundUrlPolicy outbound;
    private final Map<String, String> templates = new TreeMap<>();

    public PublicationStats(NamedParameterJdbcTemplate jdbc, ObjectMapper json, OutboundUrlPolicy outbound,
                            ExperimentProperties properties, PublicationSnapshots snapshots) {
        this.jdbc = jdbc;
        this.snapshots = snapshots;
        this.json = json;
        this.outbound = outbound;
        properties.publish().platforms().forEach((platform, configured) -> {
            if (configured != null && configured.statsUrl() != null && !configured.statsUrl().isBlank()) {
                outbound.requireConfigured("hub.publish.platforms." + platform + ".stats-url",
                        url(configured.statsUrl(), "sample-post-id"));
                templates.put(platform, configured.statsUrl());
            }
        });
    }

    /** The calls of this poll (none when no platform has a stats URL). */
    public List<Poll> due() {
        if (templates.isEmpty()) {
            return List.of();
        }
        return jdbc.query(DUE, Map.of("platforms", templates.keySet()), (rs, n) -> new Poll(rs.getString("id"),
                rs.getString("platform"), url(templates.get(rs.getString("platform")), rs.getString("post_id"))));
    }

    /** Checked again at use: the name may resolve elsewhere now. */
    public void check(@Variable("poll") Poll poll) {
        outbound.check(poll.url());
    }

    /** Stores the platform's answer {views, likes, shares, clicks, watchTimeSec?}; returns the experiment id. */
    public String store(@Body String answer, @Variable("poll") Poll poll) throws JsonProcessingException {
        JsonNode stats = json.readTree(answer);
        long[] counts = new long[4];
        String[] names = {"views", "likes", "shares", "clicks"};
        for (int i = 0; i < names.length; i++) {
            JsonNode value = stats.path(names[i]);
            if (!value.canConvertToExactIntegral() || value.asLong() < 0) {
                throw new IllegalStateException("Stats of " + poll.platform() + " post for publication "
                        + poll.publicationId() + " lack a non-negative integer " + names[i]);
            }
            counts[i] = value.asLong();
        }
        JsonNode watch = stats.path("watchTimeSec");
        UUID id = UUID.fromString(poll.publicationId());
        PublicationSnapshots.Target target = snapshots.target(id);
        if (target == null) {
            // deleted since the poll was planned: nothing to store
            return null;
        }
        snapshots.store(id, target, counts, watch.canConvertToExactIntegral() && watch.asLong() >= 0 ? watch.asLong()
                : null);
        return target.experimentId();
    }

    static String url(String template, String postId) {
        return template.replace(ExperimentProperties.Platform.POST_ID,
                URLEncoder.encode(postId, StandardCharsets.UTF_8));
    }
}
