package com.misybot.hub.governance.security;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Users of the built-in issuer ({@code app_user}), with BCrypt password hashes. */
@Repository
public class UserStore {

    /** A stored user. */
    public record User(UUID id, String username, String passwordHash, Set<String> roles, boolean enabled,
                       Instant createdAt) {

        /** A new, enabled user to {@link #insert}; the id is generated, the creation time is the database's. */
        public static User newUser(String username, String passwordHash, Set<String> roles) {
            return new User(UUID.randomUUID(), username, passwordHash, roles, true, null);
        }
    }

    private final JdbcTemplate jdbc;

    public UserStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<User> findActive(String username) {
        List<User> users = jdbc.query("""
                SELECT id, username, password_hash, roles, enabled, created_at FROM app_user
                 WHERE lower(username) = lower(?) AND deleted_at IS NULL""", UserStore::map, username);
        return users.stream().filter(User::enabled).findFirst();
    }

    public Optional<User> findActive(UUID id) {
        List<User> users = jdbc.query("""
                SELECT id, username, password_hash, roles, enabled, created_at FROM app_user
                 WHERE id = ? AND deleted_at IS NULL""", UserStore::map, id);
        return users.stream().filter(User::enabled).findFirst();
    }

    /** Inserts a user; false when the username is taken. */
    public boolean insert(User user) {
        try {
            jdbc.update(con -> {
                PreparedStatement ps = con.prepareStatement(
                        "INSERT INTO app_user (id, username, password_hash, roles) VALUES (?, ?, ?, ?)");
                ps.setObject(1, user.id());
                ps.setString(2, user.username());
                ps.setString(3, user.passwordHash());
                ps.setArray(4, con.createArrayOf("text", new TreeSet<>(user.roles()).toArray()));
                return ps;
            });
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    private static User map(ResultSet rs, int row) throws SQLException {
        Array roles = rs.getArray("roles");
        return new User(rs.getObject("id", UUID.class), rs.getString("username"), rs.getString("password_hash"),
                Set.copyOf(Arrays.asList((String[]) roles.getArray())), rs.getBoolean("enabled"),
                rs.getTimestamp("created_at").toInstant());
    }
}
