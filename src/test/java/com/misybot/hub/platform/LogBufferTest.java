package com.misybot.hub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** The in-process log buffer: a ring of the latest events, read after a sequence number, masked on read. */
class LogBufferTest {

    private static final Logger LOG = LoggerFactory.getLogger("com.misybot.hub.test.LogBufferTest");
    private final LogBuffer buffer = new LogBuffer(text -> text.replace("ann.lee@example.com", "⟦EMAIL_ADDRESS⟧"), 10);

    @AfterEach
    void detach() {
        buffer.detach();
    }

    @Test
    void should_keep_only_the_latest_events_and_read_after_a_sequence_number() {
        long first = buffer.nextSeq();
        for (int i = 0; i < 25; i++) {
            LOG.info("line {}", i);
        }
        List<LogBuffer.Entry> all = mine(buffer.read(0, e -> true, 100, false));
        assertThat(all).extracting(LogBuffer.Entry::message).containsExactly("line 15", "line 16", "line 17",
                "line 18", "line 19", "line 20", "line 21", "line 22", "line 23", "line 24");
        assertThat(all.get(0).seq()).isEqualTo(first + 15);
        // after a sequence number, the oldest first; or the newest few
        assertThat(mine(buffer.read(first + 22, e -> true, 100, false))).extracting(LogBuffer.Entry::message)
                .containsExactly("line 23", "line 24");
        assertThat(mine(buffer.read(0, e -> true, 2, true))).extracting(LogBuffer.Entry::message)
                .containsExactly("line 23", "line 24");
    }

    @Test
    void should_mask_personal_data_and_credentials_and_keep_the_mdc() {
        MDC.put("sessionId", "s-1");
        MDC.put("correlationId", "c-1");
        try {
            LOG.warn("mail ann.lee@example.com bearer eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl hash "
                    + "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy digest "
                    + "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 run 3f2b8c1e-9a7d-4e21-b8f0-"
                    + "5c6d7e8f9a0b route viralization-script", new IllegalStateException("for ann.lee@example.com"));
        } finally {
            MDC.clear();
        }
        LogBuffer.Entry entry = mine(buffer.read(0, e -> true, 1, true)).get(0);
        assertThat(entry.message()).isEqualTo("mail ⟦EMAIL_ADDRESS⟧ bearer ⟦SECRET⟧ hash ⟦SECRET⟧ digest ⟦SECRET⟧ "
                + "run 3f2b8c1e-9a7d-4e21-b8f0-5c6d7e8f9a0b route viralization-script");
        assertThat(entry.error()).isEqualTo("java.lang.IllegalStateException: for ⟦EMAIL_ADDRESS⟧");
        assertThat(entry.level()).isEqualTo("WARN");
        assertThat(entry.sessionId()).isEqualTo("s-1");
        assertThat(entry.correlationId()).isEqualTo("c-1");
    }

    @Test
    void should_keep_collecting_after_the_logging_is_reset_and_configured_again() throws Exception {
        // given: what Spring Boot does when another application context starts in this JVM
        ch.qos.logback.classic.LoggerContext context =
                (ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        new ch.qos.logback.classic.util.ContextInitializer(context).autoConfig();

        // when
        LOG.info("after the reset");

        // then
        assertThat(mine(buffer.read(0, e -> true, 10, true))).extracting(LogBuffer.Entry::message)
                .containsExactly("after the reset");
    }

    @Test
    void should_come_back_within_seconds_after_the_logging_context_is_stopped_and_started() throws Exception {
        // given: a stop drops every appender and listener (Spring Boot's clean-up when an application context ends)
        ch.qos.logback.classic.LoggerContext context =
                (ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory();
        context.stop();
        context.start();
        new ch.qos.logback.classic.util.ContextInitializer(context).autoConfig();
        Thread.sleep(1500);

        // when
        LOG.info("after the stop");

        // then
        assertThat(mine(buffer.read(0, e -> true, 10, true))).extracting(LogBuffer.Entry::message)
                .contains("after the stop");
    }

    private static List<LogBuffer.Entry> mine(List<LogBuffer.Entry> entries) {
        return entries.stream().filter(e -> e.logger().equals(LOG.getName())).toList();
    }
}
