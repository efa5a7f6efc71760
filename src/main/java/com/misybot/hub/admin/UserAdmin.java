package com.misybot.hub.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.misybot.hub.governance.security.ApiKeys;
import com.misybot.hub.governance.security.UserStore;
import com.misybot.hub.platform.web.Caller;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.Variable;
import org.springframework.transaction.support.TransactionTemplate;
import com.misybot.hub.governance.audit.AuditEvent;
import com.misybot.hub.governance.audit.AuditLog;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/** Superadmin operations on identities: create users and service API keys. */
@Service("userAdmin")
public class UserAdmin {

    /** Answer of POST /admin/users (never the password or its hash). */
    public record CreatedUser(String id, String username, List<String> roles, Instant createdAt) {
    }

    private final UserStore users;
    private final ApiKeys apiKeys;
    private final PasswordEncoder passwords;
    private final AuditLog audit;
    private final TransactionTemplate tx;

    public UserAdmin(UserStore users, ApiKeys apiKeys, PasswordEncoder passwords, AuditLog audit,
                     TransactionTemplate tx) {
        this.users = users;
        this.apiKeys = apiKeys;
        this.passwords = passwords;
        this.audit = audit;
        this.tx = tx;
    }

    /** Creates a user and its audit record in one transaction (the record names the id, not the username). */
    public CreatedUser createUser(@Variable("json") JsonNode request, @Variable("caller") Caller caller) {
        Set<String> roles = new LinkedHashSet<>();
        request.path("roles").forEach(role -> roles.add(role.asText()));
        String username = request.path("username").asText();
        UserStore.User user = UserStore.User.newUser(username, passwords.encode(request.path("password").asText()), roles);
        return tx.execute(status -> {
            if (!users.insert(user)) {
                throw new ProblemException(ProblemType.CONFLICT, "A user named '" + username + "' already exists.");
            }
            audit.append(AuditEvent.by(caller.id(), caller.roles(), "user.create", "user:" + user.id(),
                    Map.of("roles", List.copyOf(roles))));
            return new CreatedUser(user.id().toString(), username, List.copyOf(roles), Instant.now());
        });
    }

    public ApiKeys.Created createApiKey(@Variable("json") JsonNode request, @Variable("caller") Caller caller) {
        String name = request.path("name").asText();
        UUID createdBy = caller.id().startsWith("apikey:") ? null : UUID.fromString(caller.id());
        return tx.execute(status -> {
            ApiKeys.Created created = apiKeys.create(name, request.path("role").asText(), createdBy).orElseThrow(
                    () -> new ProblemException(ProblemType.CONFLICT, "An API key named '" + name + "' exists."));
            audit.append(AuditEvent.by(caller.id(), caller.roles(), "api-key.create", "api-key:" + created.id(),
                    Map.of("role", created.role())));
            return created;
        });
    }
}
