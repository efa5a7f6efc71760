package com.misybot.hub.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ContextCodecTest {

    private final ContextCodec codec = new ContextCodec(64);

    @Test
    void should_store_plain_utf8_json_when_it_is_not_above_the_threshold() {
        // given
        String json = "{\"summary\":\"café ☕\"}";

        // when
        byte[] stored = codec.encode(json);

        // then
        assertThat(stored).isEqualTo(json.getBytes(StandardCharsets.UTF_8));
        assertThat(ContextCodec.isGzip(stored)).isFalse();
        assertThat(codec.decode(stored)).isEqualTo(json);
    }

    @Test
    void should_gzip_and_round_trip_exactly_when_json_is_above_the_threshold() {
        // given: non-ASCII text and random digits, so the round trip is checked character by character
        StringBuilder json = new StringBuilder("{\"variables\":{");
        Random random = new Random(42);
        for (int i = 0; i < 500; i++) {
            json.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"värde ").append(random.nextLong())
                    .append(" 🚀\"");
        }
        String text = json.append("}}").toString();

        // when
        byte[] stored = codec.encode(text);

        // then
        assertThat(stored[0]).isEqualTo((byte) 0x1f);
        assertThat(stored[1]).isEqualTo((byte) 0x8b);
        assertThat(stored.length).isLessThan(text.getBytes(StandardCharsets.UTF_8).length / 2);
        assertThat(codec.decode(stored)).isEqualTo(text);
    }

    @Test
    void should_compress_only_above_the_threshold_when_size_is_exactly_the_threshold() {
        // given
        String atThreshold = "x".repeat(64);
        String above = "x".repeat(65);

        // when / then
        assertThat(ContextCodec.isGzip(codec.encode(atThreshold))).isFalse();
        assertThat(ContextCodec.isGzip(codec.encode(above))).isTrue();
        assertThat(codec.decode(codec.encode(above))).isEqualTo(above);
    }

    @Test
    void should_fail_clearly_when_compressed_bytes_are_corrupt() {
        // given
        byte[] stored = codec.encode("y".repeat(1000));
        byte[] truncated = java.util.Arrays.copyOf(stored, stored.length - 8);

        // when / then
        assertThatThrownBy(() -> codec.decode(truncated)).hasMessageContaining("Corrupt compressed context");
    }
}
