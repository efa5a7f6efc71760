package com.misybot.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

/**
 * The fuzzer's premise, checked offline with jqwik: every body {@link HostileBodies} makes from a request schema of
 * {@code config/schemas} is refused, either by the parser the hub uses (malformed, trailing tokens, deeper than 64)
 * or by the schema itself. A hub that stores nothing for a refused request must therefore write no row during
 * {@code RequestFuzzingIT}.
 */
class HostileBodiesTest {

    private static final ObjectMapper PARSER = parser();
    private static final Map<String, Object> VALUES = Map.of("sessionId", "s-1", "platforms", List.of("tiktok"),
            "username", "fuzz-user", "password", "correct-horse-battery", "name", "fuzz-key");

    private static ObjectMapper parser() {
        ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
        return mapper;
    }

    @Provide
    Arbitrary<Tuple2<String, HostileBodies.Hostile>> bodies() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(Path.of("config/schemas"))) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".request.json")).sorted().toList();
        }
        return Arbitraries.of(files).flatMap(file -> {
            JsonNode schema = read(file);
            JsonNode valid = SchemaSamples.valid(schema, VALUES);
            return HostileBodies.invalid(schema, valid).map(h -> Tuple.of(file.getFileName().toString(), h));
        });
    }

    @Property(tries = 3000)
    void should_make_only_bodies_the_schema_or_the_parser_refuses(@ForAll("bodies") Tuple2<String, HostileBodies.Hostile> sample)
            throws IOException {
        // given
        JsonNode schemaNode = read(Path.of("config/schemas", sample.get1()));
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaNode);
        String body = sample.get2().body();

        // when
        JsonNode parsed;
        try {
            parsed = PARSER.readTree(body);
        } catch (IOException refusedByParser) {
            return;
        }

        // then
        boolean refused;
        try {
            refused = parsed == null || parsed.isMissingNode() || !schema.validate(parsed).isEmpty();
        } catch (NumberFormatException infinity) {
            // networknt cannot compare 1e999 (a double infinity) with an enum or a bound and throws; the hub's
            // json-validator step throws the same way and answers 400 (with an empty errors list)
            refused = true;
        }
        assertThat(refused)
                .as("%s accepts %s body %s", sample.get1(), sample.get2().kind(), abbreviate(body)).isTrue();
    }

    @Property(tries = 50)
    void should_build_schema_valid_base_bodies(@ForAll("schemaFiles") Path file) throws IOException {
        JsonNode schemaNode = read(file);
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaNode);

        JsonNode valid = SchemaSamples.valid(schemaNode, VALUES);

        assertThat(schema.validate(valid)).as("%s: %s", file, valid).isEmpty();
    }

    @Provide
    Arbitrary<Path> schemaFiles() throws IOException {
        try (Stream<Path> list = Files.list(Path.of("config/schemas"))) {
            return Arbitraries.of(list.filter(p -> p.getFileName().toString().endsWith(".request.json")).toList());
        }
    }

    private static JsonNode read(Path file) {
        try {
            // as in the OpenAPI document: the schema without its $id (a relative $id is not a valid base URI)
            com.fasterxml.jackson.databind.node.ObjectNode schema =
                    (com.fasterxml.jackson.databind.node.ObjectNode) new ObjectMapper().readTree(file.toFile());
            schema.remove("$id");
            return schema;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "…(" + body.length() + " chars)" : body;
    }
}
