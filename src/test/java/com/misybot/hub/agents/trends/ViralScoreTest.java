package com.misybot.hub.agents.trends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ViralScore against hand-computed values, the labels of clusters, and config/trends.yaml's checks. */
class ViralScoreTest {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final TrendSettings.Score SCORE = new TrendSettings.Score(6, Duration.ofHours(12), 0.4, 0.2, 0.25,
            0.15, 5, 2, 0.1);

    @Test
    void should_score_velocity_acceleration_engagement_novelty_and_decay_as_the_readme_states() {
        // 30 mentions 2 h ago (600 engagements / 4,000 views), 6 mentions 8 h ago; novelty 0.4
        ViralScore s = ViralScore.of(List.of(new ViralScore.Mention(NOW.minusSeconds(7200), 30, 600, 4000),
                new ViralScore.Mention(NOW.minusSeconds(8 * 3600), 6, 0, 0)), 0.4, NOW, SCORE);
        // by hand: V = 30/6 = 5, A = (30-6)/6 = 4, E = 600/4000 = 0.15 (capped at 1 by 0.1), D = 0.5^(2/12)
        double expected = 100 * Math.pow(0.5, 2 / 12.0) * (0.4 * 5 / 10 + 0.2 * 4 / 6 + 0.25 * 1 + 0.15 * 0.4);
        assertThat(s.score()).isCloseTo(expected, within(0.05));
        assertThat(s.velocity()).isEqualTo(5.0);
        assertThat(s.acceleration()).isEqualTo(4.0);
        assertThat(s.engagementRate()).isEqualTo(0.15);
        assertThat(s.hoursSinceLastSeen()).isEqualTo(2.0);
    }

    @Test
    void should_rank_a_growing_trend_above_a_fading_one_of_the_same_size() {
        ViralScore growing = ViralScore.of(List.of(new ViralScore.Mention(NOW.minusSeconds(3600), 20, 0, 0),
                new ViralScore.Mention(NOW.minusSeconds(9 * 3600), 5, 0, 0)), 0.5, NOW, SCORE);
        ViralScore fading = ViralScore.of(List.of(new ViralScore.Mention(NOW.minusSeconds(3600), 5, 0, 0),
                new ViralScore.Mention(NOW.minusSeconds(9 * 3600), 20, 0, 0)), 0.5, NOW, SCORE);
        assertThat(growing.score()).isGreaterThan(fading.score());
        assertThat(fading.acceleration()).isNegative();
    }

    @Test
    void should_label_clusters_by_their_distinctive_terms() {
        List<List<String>> terms = TrendTerms.of(List.of(
                List.of("New marathon record in Berlin", "Marathon training plan for beginners",
                        "Why your marathon pace matters"),
                List.of("New sourdough recipe for beginners", "Sourdough starter tips", "Best sourdough loaf")), 2);
        assertThat(terms.get(0)).first().isEqualTo("marathon");
        assertThat(terms.get(1)).first().isEqualTo("sourdough");
        assertThat(terms.get(0)).doesNotContain("new", "for");
    }

    @Test
    void should_refuse_a_broken_trends_file_naming_the_entry() {
        assertThatThrownBy(() -> load("sources:\n  - {id: Bad_Id, url: http://x}\n"))
                .hasMessageContaining("Bad_Id");
        assertThatThrownBy(() -> load("sources:\n  - {id: a, type: rss2, url: http://x}\n"))
                .hasMessageContaining("type 'rss2'");
        assertThatThrownBy(() -> load("sources:\n  - {id: a, url: http://x, every: often}\n"))
                .hasMessageContaining("every 'often'");
        assertThatThrownBy(() -> load("window: 72h\nclustering: {duplicate-similarity: {m: 0.9}}\n")
                .duplicateSimilarity("other-model")).hasMessageContaining("other-model");
        assertThat(load("sources:\n  - {id: a, url: http://x}\n").sources().get(0).every())
                .isEqualTo(Duration.ofMinutes(15));
        assertThatThrownBy(() -> load("clustering: {topic-prefix: [a]}\n")).hasMessageContaining("topic-prefix");
        assertThat(load("window: 72h\n").clustering().topicPrefix()).isEqualTo("Headline: ");
        assertThat(load("clustering: {topic-prefix: \"\"}\n").clustering().topicPrefix()).isEmpty();
    }

    private static TrendSettings load(String yaml) {
        return TrendSettings.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "trends.yaml");
    }
}
