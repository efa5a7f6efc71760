package com.misybot.hub.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.DefaultResourceLoader;

/** Named SQL of plain-Java services (routes use camel-sql): {@code src/main/resources/sql/<name>}. */
public final class SqlFiles {

    private SqlFiles() {
    }

    public static String load(String name) {
        try {
            return new DefaultResourceLoader().getResource("classpath:sql/" + name)
                    .getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Missing SQL file sql/" + name, e);
        }
    }

    /** A PostgreSQL text[] literal of {@code values} (bind it as {@code ?::text[]}): every element quoted, quotes and
     * backslashes escaped. */
    public static String textArray(java.util.List<String> values) {
        StringBuilder literal = new StringBuilder("{");
        for (int i = 0; i < values.size(); i++) {
            literal.append(i == 0 ? "" : ",").append('"')
                    .append(values.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return literal.append('}').toString();
    }
}
