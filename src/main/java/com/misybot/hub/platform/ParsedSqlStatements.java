package com.misybot.hub.platform;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.RuntimeExchangeException;
import org.apache.camel.component.sql.DefaultSqlPrepareStatementStrategy;
import org.apache.camel.component.sql.SqlEndpoint;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.stereotype.Component;

/**
 * camel-sql's named parameters ({@code :#name}) with each statement parsed once. camel-sql's default strategy parses
 * the statement with regular expressions at every call, twice (to prepare it and to list its parameters), and
 * converts the body to a map twice per parameter; Spring's {@code NamedParameterJdbcTemplate} keeps the parsed
 * statement instead. Here each statement's prepared text and parameter names are kept (bounded), and the body
 * is converted once per call. Only statements whose parameters are all plain names are handled so; a statement with
 * an {@code IN} list ({@code :#in:name}) or an expression ({@code :#${...}}) goes to camel-sql's own strategy, whose
 * behaviour this keeps: a name is looked up in the body (as a map), then the headers, then the variables, and a name
 * found in none fails the call with camel-sql's message.
 *
 * <p>Set on every {@code sql:} endpoint that does not name a strategy of its own, Java and YAML routes alike.
 */
public class ParsedSqlStatements extends DefaultSqlPrepareStatementStrategy {

    /** A plain named parameter once the endpoint has turned {@code :#} into {@code :?}. */
    private static final Pattern NAME = Pattern.compile(":\\?(\\w+)");

    /**
     * Each statement's parse, empty when camel-sql's own strategy handles it. Statements are the routes' SQL files and
     * URIs: a few hundred. Beyond the bound, the least used are parsed again.
     */
    private final Cache<String, Optional<Parsed>> parsed = Caffeine.newBuilder().maximumSize(1_000).build();

    /** A statement with plain named parameters: its text with {@code ?} for each, and their names in order. */
    record Parsed(String prepared, List<String> names) {
    }

    public ParsedSqlStatements(char separator) {
        super(separator);
    }

    @Override
    public String prepareQuery(String query, boolean allowNamedParameters, Exchange exchange) throws SQLException {
        Optional<Parsed> statement = allowNamedParameters ? parse(query) : Optional.empty();
        return statement.isPresent() ? statement.get().prepared()
                : super.prepareQuery(query, allowNamedParameters, exchange);
    }

    @Override
    public Iterator<?> createPopulateIterator(String query, String preparedQuery, int expectedParams,
                                              Exchange exchange, Object value) throws SQLException {
        Optional<Parsed> statement = parse(query);
        if (statement.isEmpty()) {
            return super.createPopulateIterator(query, preparedQuery, expectedParams, exchange, value);
        }
        List<String> parameters = statement.get().names();
        Map<?, ?> body = orEmpty(exchange.getContext().getTypeConverter().tryConvertTo(Map.class, exchange, value));
        Map<?, ?> headers = orEmpty(exchange.getIn().getHeaders());
        Map<?, ?> variables = orEmpty(exchange.getVariables());
        List<Object> values = new ArrayList<>(parameters.size());
        for (String name : parameters) {
            if (body.containsKey(name)) {
                values.add(body.get(name));
            } else if (headers.containsKey(name)) {
                values.add(headers.get(name));
            } else if (variables.containsKey(name)) {
                values.add(variables.get(name));
            } else {
                throw new RuntimeExchangeException(String.format("Cannot find key [%s] in message body or headers "
                        + "to use when setting named parameter in query [%s]", name, query), exchange);
            }
        }
        return values.iterator();
    }

    /** The statement's parse, or empty when it has no named parameter or any that is not a plain name. */
    Optional<Parsed> parse(String query) {
        return parsed.get(query, ParsedSqlStatements::parsePlain);
    }

    private static Optional<Parsed> parsePlain(String query) {
        if (query.contains(":?in:") || query.contains(":?$")) {
            return Optional.empty();
        }
        List<String> found = new ArrayList<>();
        Matcher matcher = NAME.matcher(query);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found.isEmpty() ? Optional.empty()
                : Optional.of(new Parsed(NAME.matcher(query).replaceAll("?"), Collections.unmodifiableList(found)));
    }

    private static Map<?, ?> orEmpty(Map<?, ?> map) {
        return map == null ? Map.of() : map;
    }

    /**
     * Gives every {@code sql:} endpoint without a strategy of its own a {@link ParsedSqlStatements}, one per
     * separator (the character that splits a String body into index parameters), shared by the endpoints.
     */
    @Component
    static class Registration implements CamelContextConfiguration {

        private final Map<Character, ParsedSqlStatements> strategies = new ConcurrentHashMap<>();

        @Override
        public void beforeApplicationStart(CamelContext camel) {
            camel.getCamelContextExtension().registerEndpointCallback((uri, endpoint) -> {
                if (endpoint instanceof SqlEndpoint sql && sql.getPrepareStatementStrategy() == null) {
                    sql.setPrepareStatementStrategy(
                            strategies.computeIfAbsent(sql.getSeparator(), ParsedSqlStatements::new));
                }
                return endpoint;
            });
        }

        @Override
        public void afterApplicationStart(CamelContext camel) {
            // nothing to do once started
        }
    }
}
