package com.misybot.hub.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every hub (and every hub context of the integration tests) holds one Camel YAML DSL schema. Expanded up front it
 * held 248 MB, which ran the integration tests' JVM out of heap; resolved on use it holds a few MB.
 */
class DslSchemaFootprintTest {

    @Test
    void should_hold_little_heap_when_the_shipped_routes_were_validated() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Path.of("routes"))) {
            files = walk.filter(p -> p.toString().endsWith(".camel.yaml")).toList();
        }
        assertThat(files).isNotEmpty();
        long before = usedAfterGc();
        DslSchema schema = new DslSchema();
        for (Path file : files) {
            assertThat(schema.validate(YamlDocument.parse(Files.readString(file)))).as(file.toString()).isEmpty();
        }
        long held = usedAfterGc() - before;
        Reference.reachabilityFence(schema);
        assertThat(held).as("heap held by the DSL schema after validating %d route files", files.size())
                .isLessThan(48L << 20);
    }

    private static long usedAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
        }
        return used;
    }
}
