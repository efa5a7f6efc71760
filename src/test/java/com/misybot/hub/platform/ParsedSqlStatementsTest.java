package com.misybot.hub.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.RuntimeExchangeException;
import org.apache.camel.component.sql.DefaultSqlPrepareStatementStrategy;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@link ParsedSqlStatements} against camel-sql's own strategy, on the same statements and exchanges: the same
 * prepared text, the same values in the same order, the same failure for a missing name, and the statements it
 * does not handle itself ({@code IN} lists, expressions, index parameters) exactly as camel-sql handles them.
 */
class ParsedSqlStatementsTest {

    private static final CamelContext CAMEL = new DefaultCamelContext();

    private final ParsedSqlStatements parsed = new ParsedSqlStatements(',');
    private final DefaultSqlPrepareStatementStrategy camelSql = new DefaultSqlPrepareStatementStrategy(',');

    @AfterAll
    static void close() throws Exception {
        CAMEL.close();
    }

    /** The statements as a sql: endpoint hands them over: :# already turned into :?. */
    private static final String UPSERT = """
            -- one statement: bundle upsert and turn insert
            WITH bundle AS (INSERT INTO context_bundle (session_id, owner_id) VALUES (:?sessionId, :?ownerId)
                            ON CONFLICT (session_id) DO UPDATE SET turn_count = context_bundle.turn_count + 1
                            RETURNING id, turn_count)
            INSERT INTO context_turn (id, bundle_id, seq, text, meta)
            SELECT :?turnId, bundle.id, bundle.turn_count, :?text, CAST(:?meta AS jsonb) FROM bundle
             WHERE :?sessionId IS NOT NULL AND '{}'::jsonb IS NOT NULL
            RETURNING id""";

    private static Exchange exchange(Object body, Map<String, Object> headers, Map<String, Object> variables) {
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.getMessage().setBody(body);
        headers.forEach(exchange.getMessage()::setHeader);
        variables.forEach(exchange::setVariable);
        return exchange;
    }

    /** The values in order; an IN list's values (an iterator of its own) as a list. */
    private static List<Object> drain(Iterator<?> values) {
        List<Object> all = new ArrayList<>();
        values.forEachRemaining(value -> all.add(value instanceof Iterator<?> in ? drain(in) : value));
        return all;
    }

    @Test
    void should_prepare_and_populate_plain_names_as_camel_sql_does_from_body_headers_and_variables() throws Exception {
        // given: names spread over the body map (one of them null), a header and a variable
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sessionId", "s-1");
        body.put("turnId", "t-1");
        body.put("meta", null);
        Exchange exchange = exchange(body, Map.of("text", "from a header", "sessionId", "shadowed by the body"),
                Map.of("ownerId", "from a variable"));

        for (int call = 0; call < 2; call++) {
            // when: twice, the second from what was kept
            String prepared = parsed.prepareQuery(UPSERT, true, exchange);
            List<Object> values = drain(parsed.createPopulateIterator(UPSERT, prepared, 6, exchange, body));

            // then
            String expected = camelSql.prepareQuery(UPSERT, true, exchange);
            assertThat(prepared).isEqualTo(expected).doesNotContain(":?").contains("'{}'::jsonb");
            assertThat(values).isEqualTo(drain(camelSql.createPopulateIterator(UPSERT, expected, 6, exchange, body)))
                    .containsExactly("s-1", "from a variable", "t-1", "from a header", null, "s-1");
        }
        assertThat(parsed.parse(UPSERT)).hasValueSatisfying(statement -> assertThat(statement.names())
                .containsExactly("sessionId", "ownerId", "turnId", "text", "meta", "sessionId"));
    }

    @Test
    void should_fail_a_missing_name_with_camel_sqls_message() {
        // given
        String query = "SELECT * FROM context_turn WHERE session_id = :?sessionId AND seq > :?after";
        Exchange exchange = exchange(Map.of("sessionId", "s-1"), Map.of(), Map.of());

        // when / then
        assertThatThrownBy(() -> drain(parsed.createPopulateIterator(query, "", 2, exchange, Map.of("sessionId", "s-1"))))
                .isInstanceOf(RuntimeExchangeException.class)
                .hasMessageContaining("Cannot find key [after] in message body or headers to use when setting named "
                        + "parameter in query [" + query + "]");
        assertThatThrownBy(() -> drain(camelSql.createPopulateIterator(query, "", 2, exchange, Map.of("sessionId", "s-1"))))
                .isInstanceOf(RuntimeExchangeException.class)
                .hasMessageContaining("Cannot find key [after] in message body or headers");
    }

    @Test
    void should_leave_in_lists_expressions_and_index_parameters_to_camel_sql() throws Exception {
        // given
        String in = "SELECT * FROM context_turn WHERE id IN (:?in:ids) AND session_id = :?sessionId";
        String expression = "SELECT * FROM context_turn WHERE session_id = :?${header.session} AND role = :?role";
        String indexed = "SELECT * FROM context_turn WHERE session_id = ? AND role = ?";
        Map<String, Object> body = Map.of("ids", List.of("a", "b", "c"), "sessionId", "s-1", "role", "user");
        Exchange exchange = exchange(body, Map.of("session", "s-2"), Map.of());

        // then: not taken as plain names, and answered as camel-sql answers
        assertThat(parsed.parse(in)).isEmpty();
        assertThat(parsed.parse(expression)).isEmpty();
        assertThat(parsed.parse(indexed)).isEmpty();
        for (String query : List.of(in, expression)) {
            String prepared = parsed.prepareQuery(query, true, exchange);
            assertThat(prepared).isEqualTo(camelSql.prepareQuery(query, true, exchange));
            assertThat(drain(parsed.createPopulateIterator(query, prepared, 4, exchange, body)))
                    .isEqualTo(drain(camelSql.createPopulateIterator(query, prepared, 4, exchange, body)));
        }
        assertThat(parsed.prepareQuery(in, true, exchange)).contains("IN (?,?,?)");
        assertThat(drain(parsed.createPopulateIterator(in, "", 4, exchange, body)))
                .containsExactly(List.of("a", "b", "c"), "s-1");
        assertThat(drain(parsed.createPopulateIterator(expression, "", 2, exchange, body))).containsExactly("s-2", "user");
        assertThat(drain(parsed.createPopulateIterator(indexed, indexed, 2, exchange, "s-1,user")))
                .containsExactly("s-1", "user");
        // named parameters not allowed: the text as it is
        assertThat(parsed.prepareQuery(UPSERT, false, exchange)).isEqualTo(UPSERT);
    }
}
