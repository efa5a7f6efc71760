package com.misybot.hub.agents.analytics;

import com.misybot.hub.agents.AgentReply;
import com.misybot.hub.agents.AgentTask;
import com.misybot.hub.bus.AnalyticsFeed;
import com.misybot.hub.bus.Envelope;
import com.misybot.hub.platform.SqlFiles;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * analytics-reporter's answer to a user: how that user's own published posts of the window performed (per platform
 * and the best few), from the platforms' latest counters. Nothing of another user is read; no model call.
 */
@Component
public class PerformanceAnswers {

    private static final String SELECT = SqlFiles.load("analytics-owner-publications.sql");
    private static final int BRIEF_CHARS = 60;

    /** One of the user's publications with its latest counters. */
    record Post(String platform, Instant publishedAt, String brief, long views, long likes, long shares,
                long clicks) {
    }

    private final NamedParameterJdbcTemplate jdbc;

    public PerformanceAnswers(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public AgentReply answer(Envelope envelope, Duration window, int best) {
        AgentTask task = AgentTask.of(envelope);
        List<Post> posts = jdbc.query(SELECT, new MapSqlParameterSource("ownerId", task.ownerId())
                .addValue("since", Timestamp.from(Instant.now().minus(window))), (rs, n) -> new Post(
                rs.getString("platform"), rs.getTimestamp("created_at").toInstant(), rs.getString("brief"),
                rs.getLong("views"), rs.getLong("likes"), rs.getLong("shares"), rs.getLong("clicks")));
        return AgentReply.of(task, AnalyticsFeed.AGENT, text(posts, window, best));
    }

    static String text(List<Post> posts, Duration window, int best) {
        String span = window.toDays() >= 1 ? window.toDays() + " days" : window.toHours() + " hours";
        if (posts.isEmpty()) {
            return "You have no published posts in the last " + span + ", so there is nothing to report yet. "
                    + "Posts published by a viralization run are reported here once their platform sends metrics.";
        }
        StringBuilder text = new StringBuilder("Your ").append(posts.size()).append(posts.size() == 1 ? " post"
                : " posts").append(" of the last ").append(span).append(": ").append(line(sum(posts))).append('.');
        Map<String, List<Post>> byPlatform = new TreeMap<>();
        posts.forEach(p -> byPlatform.computeIfAbsent(p.platform(), k -> new java.util.ArrayList<>()).add(p));
        if (byPlatform.size() > 1) {
            byPlatform.forEach((platform, list) -> text.append("\n- ").append(platform).append(": ")
                    .append(line(sum(list))));
        }
        text.append("\nBest by views:");
        posts.stream().limit(Math.max(1, best)).forEach(p -> text.append("\n- ").append(p.platform()).append(", ")
                .append(p.publishedAt().toString(), 0, 10).append(", \"").append(excerpt(p.brief())).append("\": ")
                .append(line(p)));
        return text.toString();
    }

    private static Post sum(List<Post> posts) {
        return new Post(null, null, null, posts.stream().mapToLong(Post::views).sum(),
                posts.stream().mapToLong(Post::likes).sum(), posts.stream().mapToLong(Post::shares).sum(),
                posts.stream().mapToLong(Post::clicks).sum());
    }

    private static String line(Post p) {
        String rates = p.views() == 0 ? "no views reported yet" : String.format(Locale.ROOT,
                "CTR %.1f%%, engagement %.1f%%", 100.0 * p.clicks() / p.views(),
                100.0 * (p.likes() + p.shares()) / p.views());
        return String.format(Locale.ROOT, "%,d views, %,d likes, %,d shares, %,d clicks (%s)", p.views(), p.likes(),
                p.shares(), p.clicks(), rates);
    }

    private static String excerpt(String brief) {
        String text = brief == null ? "" : brief.strip().replaceAll("\\s+", " ");
        return text.length() <= BRIEF_CHARS ? text : text.substring(0, BRIEF_CHARS - 1) + "…";
    }
}
