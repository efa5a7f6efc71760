package com.misybot.hub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CorrelationTest {

    @Test
    void should_keep_valid_ids() {
        assertThat(Correlation.acceptOrGenerate("abc-123_X.9")).isEqualTo("abc-123_X.9");
        assertThat(Correlation.acceptOrGenerate("a".repeat(64))).hasSize(64);
    }

    @Test
    void should_replace_missing_empty_too_long_or_unsafe_ids() {
        for (String bad : new String[] {null, "", "a".repeat(65), "has space", "line\nbreak", "emoji😀", "x;drop"}) {
            assertThat(Correlation.acceptOrGenerate(bad)).as(String.valueOf(bad)).matches("[0-9a-f-]{36}");
        }
    }
}
