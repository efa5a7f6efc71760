package com.misybot.hub.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.DefaultResourceLoader;

/** The retention policy file: the shipped one parses with every class; mistakes stop the hub with a clear message. */
class RetentionPolicyTest {

    private final DefaultResourceLoader resources = new DefaultResourceLoader();

    @Test
    void should_read_every_class_of_the_shipped_policy() {
        Retention.Policy policy = Retention.load(resources, "classpath:config/retention.yaml");
        assertThat(policy.classes().keySet()).containsExactlyElementsOf(Retention.CLASSES.keySet());
        assertThat(policy.classes().get("turns")).isEqualTo(Duration.ofDays(365));
        assertThat(policy.grace()).isEqualTo(Duration.ofDays(7));
        assertThat(policy.interval()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void should_refuse_an_unknown_class_or_a_bad_duration_naming_the_file_and_key() {
        assertThatThrownBy(() -> Retention.load(resources, "classpath:retention/unknown-class.yaml"))
                .hasMessageContaining("unknown data class 'chats'").hasMessageContaining("turns, embeddings");
        assertThatThrownBy(() -> Retention.load(resources, "classpath:retention/bad-duration.yaml"))
                .hasMessageContaining("classes.turns is not an ISO-8601 duration").hasMessageContaining("one year");
    }
}
