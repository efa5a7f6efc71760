package com.misybot.hub.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class ContextPropertiesTest {

    private static ContextProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("hub.context", ContextProperties.class);
    }

    @Test
    void should_default_to_ten_minutes_and_8_kib_when_nothing_is_configured() {
        // when
        ContextProperties properties = bind(Map.of());

        // then
        assertThat(properties.cacheTtl()).hasMinutes(10);
        assertThat(properties.compressThreshold().toBytes()).isEqualTo(8192);
        assertThat(properties.bundleKey("s-1")).isEqualTo("hub:context:bundle:s-1");
        assertThat(properties.lockKey("s-1")).isEqualTo("hub:context:lock:s-1");
    }

    @Test
    void should_accept_the_range_limits_when_ttl_is_5_or_15_minutes() {
        assertThat(bind(Map.of("hub.context.cache-ttl", "PT5M")).cacheTtl()).hasMinutes(5);
        assertThat(bind(Map.of("hub.context.cache-ttl", "15m")).cacheTtl()).hasMinutes(15);
    }

    @Test
    void should_refuse_to_start_with_a_clear_message_when_ttl_is_outside_5_to_15_minutes() {
        for (String ttl : new String[] {"PT4M59S", "PT16M", "0s"}) {
            // when
            Throwable failure = org.assertj.core.api.Assertions.catchThrowable(
                    () -> bind(Map.of("hub.context.cache-ttl", ttl)));

            // then
            assertThat(failure).as(ttl).isInstanceOf(BindException.class);
            assertThat(failure).rootCause()
                    .hasMessageContaining("hub.context.cache-ttl must be between 5 and 15 minutes");
        }
    }
}
