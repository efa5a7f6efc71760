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
}
