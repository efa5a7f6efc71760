package com.misybot.hub.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.misybot.hub.governance.security.HubAuthentication;
import com.misybot.hub.memory.ContextCommands;
import com.misybot.hub.memory.SessionNotFoundException;
import com.misybot.hub.platform.web.Caller;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import com.misybot.hub.platform.ProblemWriter;
import com.misybot.hub.privacy.Pseudonymizer;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.io.ResourceLoader;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Bench profile only: the anchor bench/ingress.sh measures the Camel ingress against — what a Spring developer would
 * write instead of {@code POST /api/v1/sessions/{id}/messages}: a Spring MVC controller doing the same work with the
 * same services. Same security chain (JWT, roles), the body parsed by the same {@link JsonBody} limits and validated
 * against the same JSON Schema (networknt, which camel-json-validator uses), the same pseudonymization of the text,
 * the same parameters ({@link ContextCommands#userTurn}) and the same statement ({@code sql/context-turn-append.sql}:
 * bundle upsert, turn insert and bus outbox row in one statement) through JdbcTemplate, the same cache eviction in
 * Redis, answered 202 with the same body. No Camel on the way.
 */
@RestController
@ConditionalOnProperty(name = "hub.bench.echo-enabled", havingValue = "true")
public class BenchMvcIngressController {

    private static final Logger LOG = LoggerFactory.getLogger(BenchMvcIngressController.class);

    private final JsonBody jsonBody;
    private final JsonSchema schema;
    private final Pseudonymizer pseudonymizer;
    private final ContextCommands commands;
    private final NamedParameterJdbcTemplate jdbc;
    private final StringRedisTemplate redis;
    private final String cacheKeyPrefix;
    private final String appendSql;

    public BenchMvcIngressController(JsonBody jsonBody, Pseudonymizer pseudonymizer, ContextCommands commands,
                                     NamedParameterJdbcTemplate jdbc, ObjectProvider<StringRedisTemplate> redis,
                                     ResourceLoader resources, @Value("${hub.ingress.schemas}") String schemas,
                                     @Value("${hub.context.key-prefix}") String cacheKeyPrefix) throws IOException {
        this.jsonBody = jsonBody;
        this.pseudonymizer = pseudonymizer;
        this.commands = commands;
        this.jdbc = jdbc;
        this.redis = redis.getIfAvailable();
        this.cacheKeyPrefix = cacheKeyPrefix;
        try (InputStream in = resources.getResource(schemas + "/session-message.request.json").getInputStream()) {
            this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        try (InputStream in = resources.getResource("classpath:sql/context-turn-append.sql").getInputStream()) {
            // camel-sql's named parameters (:#name) as Spring's (:name)
            this.appendSql = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace(":#", ":");
        }
    }

    @PostMapping(path = "/api/v1/bench/mvc/sessions/{sessionId}/messages", consumes = "application/json",
            produces = "application/json")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public Map<String, String> post(@PathVariable String sessionId, @RequestBody String body,
                                    HttpServletRequest request) {
        String correlationId = ProblemWriter.correlationId(request);
        if (correlationId == null) {
            correlationId = UUID.randomUUID().toString();
        }
        Caller caller = HubAuthentication.caller(SecurityContextHolder.getContext().getAuthentication());
        JsonNode json = jsonBody.parse(body);
        Set<ValidationMessage> errors = schema.validate(json);
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.BAD_REQUEST, errors.stream().map(ValidationMessage::getMessage)
                    .sorted().collect(Collectors.joining("; ")));
        }
        Pseudonymizer.Message message = pseudonymizer.message(sessionId, caller.id(), json);
        Map<String, Object> params = commands.userTurn(sessionId, caller, message == null ? json : message.json(),
                correlationId, message == null ? null : message.piiLevel());
        UUID turn = jdbc.query(appendSql, params, rs -> rs.next() ? rs.getObject(1, UUID.class) : null);
        if (turn == null) {
            throw new SessionNotFoundException(SessionNotFoundException.DETAIL);
        }
        if (redis != null) {
            redis.delete(cacheKeyPrefix + "bundle:" + sessionId);
        }
        LOG.info("Stored user turn {} in session {}", turn, sessionId);
        ContextCommands.Accepted accepted = commands.accepted(params);
        return Map.of("sessionId", accepted.sessionId(), "turnId", accepted.turnId(), "correlationId",
                accepted.correlationId());
    }
}
