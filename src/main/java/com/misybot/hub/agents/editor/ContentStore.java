package com.misybot.hub.agents.editor;

import com.misybot.hub.platform.SqlFiles;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Content pieces and their versions in PostgreSQL ({@code content_piece}, {@code content_version}). A new version is
 * written under the piece's row lock, so two edits of one piece are numbered one after the other and the second one
 * sees the first (the If-Match check runs under the same lock).
 */
@Repository
public class ContentStore {

    private static final String PIECE_INSERT = SqlFiles.load("content-piece-insert.sql");
    private static final String VERSION_INSERT = SqlFiles.load("content-version-insert.sql");
    private static final String LOCK = SqlFiles.load("content-piece-lock.sql");
    private static final String ADVANCE = SqlFiles.load("content-piece-advance.sql");
    private static final String SELECT = SqlFiles.load("content-piece-select.sql");
    private static final String VERSIONS = SqlFiles.load("content-version-list.sql");
    private static final String VERSION = SqlFiles.load("content-version-select.sql");
    private static final String SESSION_OWNER = SqlFiles.load("content-session-owner.sql");
    private static final String OF_SESSION = SqlFiles.load("content-piece-of-session.sql");
    private static final String CURRENT_VERSIONS = SqlFiles.load("content-piece-current-versions.sql");

    /** A piece as it is now: its latest version's title and text. */
    public record Piece(UUID id, String ownerId, String sessionId, int version, String title, String text,
                        String author, String origin, Integer restoredFrom, String instruction, Instant createdAt,
                        Instant updatedAt) {
    }

    /** One version of a piece. */
    public record Version(UUID contentId, int version, String title, String text, String author, String origin,
                          Integer restoredFrom, String instruction, Instant createdAt, Instant embeddedAt) {
    }

    /** What a new version says; {@code restoredFrom} and {@code instruction} only for restores and agent edits. */
    public record Change(String title, String text, String author, String origin, Integer restoredFrom,
                         String instruction) {
    }

    /** The piece under lock with its current title and text, for a decision on its next version. */
    public record Locked(UUID id, String ownerId, String sessionId, int version, String title, String text) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public ContentStore(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** A new piece with its first version. */
    public Piece create(String ownerId, String sessionId, Change first) {
        UUID id = UUID.randomUUID();
        tx.executeWithoutResult(s -> {
            jdbc.update(PIECE_INSERT, id, ownerId, sessionId);
            insert(id, 1, first);
        });
        return find(id).orElseThrow();
    }

    /**
     * The next version of a piece: {@code decide} sees the piece under its row lock and answers the change to
     * store, or null to store nothing (the answer is then the piece as it is). Empty when there is no such piece.
     */
    public Optional<Piece> change(UUID id, Function<Locked, Change> decide) {
        Boolean found = tx.execute(s -> {
            List<Locked> rows = jdbc.query(LOCK, (rs, i) -> new Locked(rs.getObject("id", UUID.class),
                    rs.getString("owner_id"), rs.getString("session_id"), rs.getInt("current_version"),
                    rs.getString("title"), rs.getString("text")), id);
            if (rows.isEmpty()) {
                return false;
            }
            Change change = decide.apply(rows.get(0));
            if (change != null) {
                int next = rows.get(0).version() + 1;
                insert(id, next, change);
                jdbc.update(ADVANCE, next, id);
            }
            return true;
        });
        return Boolean.TRUE.equals(found) ? find(id) : Optional.empty();
    }

    public Optional<Piece> find(UUID id) {
        return jdbc.query(SELECT, PIECE, id).stream().findFirst();
    }

    /** The current version of each of {@code ids} that exists, in one query. */
    public Map<UUID, Integer> currentVersions(Collection<UUID> ids) {
        Map<UUID, Integer> current = new HashMap<>();
        jdbc.query(CURRENT_VERSIONS, rs -> {
            current.put(rs.getObject("id", UUID.class), rs.getInt("current_version"));
        }, SqlFiles.textArray(ids.stream().map(UUID::toString).toList()));
        return current;
    }

    public List<Version> versions(UUID id) {
        return jdbc.query(VERSIONS, VERSION_ROW, id);
    }

    public Optional<Version> version(UUID id, int version) {
        return jdbc.query(VERSION, VERSION_ROW, id, version).stream().findFirst();
    }

    /** The owner's most recently changed piece in the session, if any. */
    public Optional<Piece> latestOfSession(String sessionId, String ownerId) {
        return jdbc.queryForList(OF_SESSION, UUID.class, sessionId, ownerId).stream().findFirst()
                .flatMap(this::find);
    }

    /** The owner of a live session, if there is one. */
    public Optional<String> sessionOwner(String sessionId) {
        return jdbc.queryForList(SESSION_OWNER, String.class, sessionId).stream().findFirst();
    }

    private void insert(UUID id, int version, Change c) {
        jdbc.update(VERSION_INSERT, id, version, c.title(), c.text(), c.author(), c.origin(), c.restoredFrom(),
                c.instruction());
    }

    private static final RowMapper<Piece> PIECE = (rs, i) -> new Piece(rs.getObject("id", UUID.class),
            rs.getString("owner_id"), rs.getString("session_id"), rs.getInt("current_version"),
            rs.getString("title"), rs.getString("text"), rs.getString("author"), rs.getString("origin"),
            (Integer) rs.getObject("restored_from"), rs.getString("instruction"), instant(rs, "created_at"),
            instant(rs, "updated_at"));

    private static final RowMapper<Version> VERSION_ROW = (rs, i) -> new Version(
            rs.getObject("content_id", UUID.class), rs.getInt("version"), rs.getString("title"), rs.getString("text"),
            rs.getString("author"), rs.getString("origin"), (Integer) rs.getObject("restored_from"),
            rs.getString("instruction"), instant(rs, "created_at"), instant(rs, "embedded_at"));

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
