package com.misybot.hub.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.misybot.hub.platform.HubProperties;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import org.junit.jupiter.api.Test;

class JsonBodyTest {

    private final JsonBody parser = new JsonBody(new HubProperties(null, null,
            new HubProperties.Ingress(262144, 4, "classpath:config/schemas"), null, null, null));

    @Test
    void should_parse_document_when_nesting_is_within_limit() {
        assertThat(parser.parse("{\"a\":{\"b\":[1]}}").path("a").path("b").get(0).asInt()).isEqualTo(1);
    }

    @Test
    void should_refuse_document_nested_deeper_than_limit() {
        assertThatThrownBy(() -> parser.parse("{\"a\":{\"b\":{\"c\":{\"d\":{}}}}}"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.JSON_TOO_DEEP);
                    assertThat(e.getMessage()).contains("4 levels");
                });
    }

    @Test
    void should_refuse_malformed_and_empty_bodies_with_malformed_json() {
        for (String bad : new String[] {"", "   ", "{", "{\"a\":}", "nul", "{} trailing"}) {
            assertThatThrownBy(() -> parser.parse(bad)).as(bad)
                    .isInstanceOfSatisfying(ProblemException.class,
                            e -> assertThat(e.type()).isEqualTo(ProblemType.MALFORMED_JSON));
        }
    }

    @Test
    void should_refuse_nul_in_any_string_or_member_name_naming_where() {
        // PostgreSQL text and jsonb cannot hold U+0000: these reached the store and answered 500 before
        String[][] cases = {{"{\"text\":\"a\\u0000b\"}", "/text"}, {"[{\"id\":\"x\",\"text\":\"\\u0000\"}]", "/0/text"},
                {"{\"variables\":{\"k\\u0000\":1}}", "/variables/k\\u0000"}, {"\"\\u0000\"", "/"}};
        for (String[] c : cases) {
            assertThatThrownBy(() -> parser.parse(c[0])).as(c[0])
                    .isInstanceOfSatisfying(ProblemException.class, e -> {
                        assertThat(e.type()).isEqualTo(ProblemType.VALIDATION);
                        assertThat(e.getMessage()).contains("U+0000").contains(c[1]);
                    });
        }
        assertThat(parser.parse("{\"text\":\"\\\\u0000 written out is fine\"}").path("text").asText()).startsWith("\\u0000");
    }
}
