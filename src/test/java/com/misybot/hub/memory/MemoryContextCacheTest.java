package com.misybot.hub.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MemoryContextCacheTest {

    private final AtomicLong nanos = new AtomicLong();
    private final MemoryContextCache cache = new MemoryContextCache(Duration.ofMinutes(10), 100, nanos::get);

    @Test
    void should_return_stored_bytes_until_the_ttl_runs_out_when_an_entry_is_put() {
        // given
        byte[] stored = {0x1f, (byte) 0x8b, 1, 2, 3};
        cache.put("hub:context:bundle:s-1", stored);

        // when
        nanos.addAndGet(Duration.ofMinutes(9).toNanos());
        byte[] beforeExpiry = cache.get("hub:context:bundle:s-1");
        nanos.addAndGet(Duration.ofMinutes(2).toNanos());
        byte[] afterExpiry = cache.get("hub:context:bundle:s-1");

        // then
        assertThat(beforeExpiry).isEqualTo(stored);
        assertThat(afterExpiry).isNull();
    }

    @Test
    void should_miss_when_the_entry_was_evicted() {
        // given
        cache.put("hub:context:bundle:s-2", new byte[] {'{', '}'});

        // when
        cache.evict("hub:context:bundle:s-2");

        // then
        assertThat(cache.get("hub:context:bundle:s-2")).isNull();
    }
}
