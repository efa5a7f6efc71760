package com.misybot.hub.pipelines.experiments;

import com.misybot.hub.bus.AnalyticsFeed;
import com.misybot.hub.platform.SqlFiles;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A publication's cumulative counters as its platform reports them (webhook or stats poll): the latest snapshot
 * replaces the one before, and the snapshot's analytics event for analytics-reporter is written with it.
 */
@Component
public class PublicationSnapshots {

    private static final String TARGET = SqlFiles.load("publication-metrics-target.sql");
    private static final String UPSERT = SqlFiles.load("publication-metrics-upsert.sql");

    /** The publication reported on: its platform, its run's experiment (or null), owner and pipeline. */
    public record Target(String platform, String experimentId, String ownerId, String pipeline) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final AnalyticsFeed analytics;

    public PublicationSnapshots(NamedParameterJdbcTemplate jdbc, AnalyticsFeed analytics) {
        this.jdbc = jdbc;
        this.analytics = analytics;
    }

    /** The publication, or null when there is none with this id. */
    public Target target(UUID publicationId) {
        List<Target> found = jdbc.query(TARGET, Map.of("id", publicationId), (rs, n) -> new Target(
                rs.getString("platform"), rs.getString("experiment_id"), rs.getString("owner_id"),
                rs.getString("workflow_type")));
        return found.isEmpty() ? null : found.get(0);
    }

    /** Stores the snapshot {views, likes, shares, clicks} (and watch time, may be null) with its analytics event. */
    public void store(UUID publicationId, Target target, long[] counts, Long watchTimeSec) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("publicationId", publicationId.toString());
        event.put("ownerId", target.ownerId());
        event.put("platform", target.platform());
        event.put("pipeline", target.pipeline());
        event.put("views", counts[0]);
        event.put("likes", counts[1]);
        event.put("shares", counts[2]);
        event.put("clicks", counts[3]);
        jdbc.update(UPSERT, new MapSqlParameterSource(analytics.event(AnalyticsFeed.PUBLICATION_METRICS, null, event)
                .params()).addValue("id", publicationId).addValue("views", counts[0]).addValue("likes", counts[1])
                .addValue("shares", counts[2]).addValue("clicks", counts[3]).addValue("watchTimeSec", watchTimeSec));
    }
}
