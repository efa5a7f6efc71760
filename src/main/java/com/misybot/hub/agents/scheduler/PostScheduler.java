package com.misybot.hub.agents.scheduler;

import com.misybot.hub.platform.web.Caller;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import com.misybot.hub.platform.SqlFiles;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.camel.Variable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The post calendar: schedules a run's posts (one per platform, all or none), cancels them as the saga's
 * compensation, marks them published, and shows the calendar. One live post per account, platform and slot is
 * enforced by the database (unique index), so replicas never double-book.
 */
@Service("postScheduler")
public class PostScheduler {

    /** Longest calendar window one GET may ask for. */
    static final Duration MAX_WINDOW = Duration.ofDays(366);
    /** A free slot taken by a concurrent request between lookup and insert is looked for again this often. */
    private static final int AUTO_SLOT_ATTEMPTS = 5;
    private static final Pattern PLATFORM = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    /** The calendar between from and to. */
    public record Window(Instant from, Instant to, List<CalendarEntry> entries) {
    }

    private static final RowMapper<CalendarEntry> ENTRY = PostScheduler::entry;

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final SchedulerProperties properties;
    private final Clock clock;
    private final String insertSql = SqlFiles.load("calendar-entry-insert.sql");
    private final String runSql = SqlFiles.load("calendar-entry-run.sql");
    private final String takenSql = SqlFiles.load("calendar-slots-taken.sql");
    private final String cancelSql = SqlFiles.load("calendar-cancel-run.sql");
    private final String publishedSql = SqlFiles.load("calendar-mark-published.sql");
    private final String windowSql = SqlFiles.load("calendar-entry-window.sql");

    public PostScheduler(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactions,
                         SchedulerProperties properties, Clock clock) {
        this.jdbc = jdbc;
        // a saga step commits on its own (its compensation is cancelRun), and a lost race for an automatic slot is
        // retried in a fresh transaction: never join the caller's
        this.tx = new TransactionTemplate(transactions);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Schedules the run's post on every platform in one transaction. With publishAt, a slot already taken on any
     * platform is a {@link CalendarConflictException} and nothing is inserted; without, the earliest slot at least
     * hub.scheduler.lead-time ahead (and not before {@code publishNotBefore} when given) that is free on every
     * platform is used. A run already scheduled on a platform keeps (and returns) its entry, whatever its status.
     */
    public List<CalendarEntry> schedule(@Variable("runId") String runId, @Variable("ownerId") String ownerId,
                                        @Variable("platforms") List<String> platforms,
                                        @Variable("publishAt") String publishAt,
                                        @Variable("publishNotBefore") String publishNotBefore,
                                        @Variable("artifactId") String artifactId) {
        UUID run = uuid("runId", runId, true);
        UUID artifact = uuid("artifactId", artifactId, true);
        String owner = owner(ownerId);
        List<String> wanted = platforms(platforms);
        Instant at = publishAt == null || publishAt.isBlank() ? null : instant("publishAt", publishAt);
        Instant notBefore = publishNotBefore == null || publishNotBefore.isBlank() ? null
                : instant("publishNotBefore", publishNotBefore);
        for (int attempt = 1; ; attempt++) {
            try {
                return tx.execute(status -> scheduleOnce(run, owner, wanted, at, notBefore, artifact));
            } catch (CalendarConflictException e) {
                if (at != null || attempt == AUTO_SLOT_ATTEMPTS) {
                    throw e;
                }
                // another request took the free slot we found: look again
            }
        }
    }

    private List<CalendarEntry> scheduleOnce(UUID run, String owner, List<String> platforms, Instant at,
                                             Instant notBefore, UUID artifact) {
        Map<String, CalendarEntry> byPlatform = new LinkedHashMap<>();
        if (run != null) {
            jdbc.query(runSql, Map.of("runId", run), ENTRY).forEach(e -> byPlatform.put(e.platform(), e));
        }
        List<String> missing = platforms.stream().filter(p -> !byPlatform.containsKey(p)).toList();
        if (!missing.isEmpty()) {
            Instant slot = at != null ? floor(at) : firstFreeSlot(owner, missing, notBefore);
            Instant publish = at != null ? at : slot;
            for (String platform : missing) {
                byPlatform.put(platform, insert(run, owner, platform, publish, slot, artifact));
            }
        }
        return platforms.stream().map(byPlatform::get).toList();
    }

    private CalendarEntry insert(UUID run, String owner, String platform, Instant publish, Instant slot,
                                 UUID artifact) {
        MapSqlParameterSource row = new MapSqlParameterSource().addValue("id", UUID.randomUUID())
                .addValue("runId", run).addValue("ownerId", owner).addValue("platform", platform)
                .addValue("publishAt", timestamp(publish)).addValue("slotStart", timestamp(slot))
                .addValue("artifactId", artifact);
        List<CalendarEntry> inserted;
        try {
            inserted = jdbc.query(insertSql, row, ENTRY);
        } catch (DuplicateKeyException e) {
            throw new CalendarConflictException(owner, platform, slot);
        }
        if (!inserted.isEmpty()) {
            return inserted.get(0);
        }
        // a concurrent call for the same run inserted it first (ON CONFLICT on run and platform)
        return jdbc.query(runSql, Map.of("runId", run), ENTRY).stream()
                .filter(e -> e.platform().equals(platform)).findFirst().orElseThrow();
    }

    /** The earliest slot starting at least lead-time from now in which none of the platforms is taken. */
    private Instant firstFreeSlot(String owner, List<String> platforms, Instant notBefore) {
        Instant candidate = ceil(clock.instant().plus(properties.leadTime()));
        if (notBefore != null && ceil(notBefore).isAfter(candidate)) {
            candidate = ceil(notBefore);
        }
        Set<Instant> taken = new HashSet<>(jdbc.query(takenSql, new MapSqlParameterSource()
                .addValue("ownerId", owner).addValue("platforms", platforms)
                .addValue("from", timestamp(candidate)), (rs, i) -> rs.getTimestamp(1).toInstant()));
        while (taken.contains(candidate)) {
            candidate = candidate.plus(properties.slot());
        }
        return candidate;
    }

    /** Compensation: the run's entries are cancelled (after its posts were taken down); how many (0 when repeated). */
    public int cancelRun(@Variable("runId") String runId) {
        return jdbc.update(cancelSql, Map.of("runId", uuid("runId", runId, false)));
    }

    /** The run's post on the platform went out; idempotent. Unknown or cancelled entries are refused. */
    public CalendarEntry markPublished(@Variable("runId") String runId, @Variable("platform") String platform) {
        UUID run = uuid("runId", runId, false);
        jdbc.update(publishedSql, Map.of("runId", run, "platform", String.valueOf(platform)));
        CalendarEntry entry = jdbc.query(runSql, Map.of("runId", run), ENTRY).stream()
                .filter(e -> e.platform().equals(platform)).findFirst()
                .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND,
                        "No calendar entry for run " + run + " on " + platform + "."));
        if (!CalendarEntry.PUBLISHED.equals(entry.status())) {
            throw new ProblemException(ProblemType.CONFLICT, "The calendar entry of run " + run + " on " + platform
                    + " is " + entry.status() + " and cannot be published.");
        }
        return entry;
    }

    /** GET /calendar: a user sees their own entries; operators and superadmins all, or one owner's. */
    public Window list(@Variable("from") String from, @Variable("to") String to, @Variable("owner") String owner,
                       @Variable("caller") Caller caller) {
        Instant now = clock.instant();
        Instant start = from == null || from.isBlank() ? now.minus(Duration.ofDays(1)) : instant("from", from);
        Instant end = to == null || to.isBlank() ? now.plus(Duration.ofDays(30)) : instant("to", to);
        if (start.isAfter(end)) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "from (" + start + ") is after to (" + end + ").");
        }
        if (Duration.between(start, end).compareTo(MAX_WINDOW) > 0) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "The window from " + start + " to " + end
                    + " is longer than " + MAX_WINDOW.toDays() + " days.");
        }
        String ownerFilter = owner == null || owner.isBlank() ? null : owner;
        if (!caller.isPrivileged()) {
            if (ownerFilter != null && !ownerFilter.equals(caller.id())) {
                throw new ProblemException(ProblemType.FORBIDDEN,
                        "Only operators and superadmins may read another account's calendar.");
            }
            ownerFilter = caller.id();
        }
        List<CalendarEntry> entries = jdbc.query(windowSql, new MapSqlParameterSource()
                .addValue("from", timestamp(start)).addValue("to", timestamp(end))
                .addValue("ownerId", ownerFilter), ENTRY);
        return new Window(start, end, entries);
    }

    Instant floor(Instant at) {
        long slot = properties.slot().toSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), slot) * slot);
    }

    Instant ceil(Instant at) {
        Instant floor = floor(at);
        return floor.equals(at) ? floor : floor.plus(properties.slot());
    }

    private static CalendarEntry entry(ResultSet rs, int row) throws SQLException {
        return new CalendarEntry(rs.getObject("id", UUID.class), rs.getObject("run_id", UUID.class),
                rs.getString("owner_id"), rs.getString("platform"), rs.getTimestamp("publish_at").toInstant(),
                rs.getTimestamp("slot_start").toInstant(), rs.getObject("artifact_id", UUID.class),
                rs.getString("status"));
    }

    private static OffsetDateTime timestamp(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    private static UUID uuid(String name, String value, boolean optional) {
        if (value == null || value.isBlank()) {
            if (optional) {
                return null;
            }
            throw new ProblemException(ProblemType.BAD_REQUEST, name + " is required.");
        }
        try {
            return UUID.fromString(value.trim());
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.BAD_REQUEST, name + " must be a UUID, not '" + value + "'.");
        }
    }

    private static String owner(String ownerId) {
        if (ownerId == null || ownerId.isBlank() || ownerId.length() > 80) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "ownerId is required (at most 80 characters).");
        }
        return ownerId;
    }

    /** The requested platforms, each once, in request order. */
    private static List<String> platforms(List<String> platforms) {
        if (platforms == null || platforms.isEmpty()) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "platforms must name at least one platform.");
        }
        Set<String> unique = new LinkedHashSet<>();
        for (String platform : platforms) {
            if (platform == null || platform.length() > 32 || !PLATFORM.matcher(platform).matches()) {
                throw new ProblemException(ProblemType.BAD_REQUEST,
                        "platform '" + platform + "' must be a kebab-case id of at most 32 characters.");
            }
            unique.add(platform);
        }
        return new ArrayList<>(unique);
    }

    private static Instant instant(String name, String value) {
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new ProblemException(ProblemType.BAD_REQUEST,
                    name + " must be an ISO-8601 instant such as 2026-03-01T09:00:00Z, not '" + value + "'.");
        }
    }
}
