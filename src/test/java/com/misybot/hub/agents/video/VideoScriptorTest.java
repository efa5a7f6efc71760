package com.misybot.hub.agents.video;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.DefaultResourceLoader;

/** Platform rules and the offline beat sheet of video-scriptor. */
class VideoScriptorTest {

    private final PlatformRules rules = new PlatformRules(new DefaultResourceLoader(), "file:config/platforms.yaml");
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void should_pick_the_platform_a_request_names_or_the_default() {
        assertThat(rules.of("a reel for instagram").id()).isEqualTo("instagram-reels");
        assertThat(rules.of("YouTube Shorts teaser").id()).isEqualTo("youtube-shorts");
        assertThat(rules.of("a short video about shoes").id()).isEqualTo("youtube-shorts");
        assertThat(rules.of("a clip about shoes").id()).isEqualTo("tiktok");
    }

    @Test
    void should_read_the_requested_length_in_seconds_or_minutes() {
        assertThat(VideoScriptor.requestedSeconds("a 45 second script", 30)).isEqualTo(45);
        assertThat(VideoScriptor.requestedSeconds("a 2 minute tiktok", 30)).isEqualTo(120);
        assertThat(VideoScriptor.requestedSeconds("a script", 30)).isEqualTo(30);
    }

    @Test
    void should_write_contiguous_offline_scenes_ending_at_the_length_and_pass_the_rules() {
        List<Map<String, Object>> scenes = VideoScriptor.offlineScenes("protein bars", 37);
        JsonNode script = json.valueToTree(Map.of("title", "t", "platform", "tiktok", "scenes", scenes,
                "estimatedDurationSeconds", 37));
        assertThat(rules.violations(rules.of("tiktok"), script)).isEmpty();
        assertThat(scenes.get(scenes.size() - 1).get("end")).isEqualTo(37);
    }

    @Test
    void should_name_each_broken_rule_of_a_script() {
        JsonNode script = json.valueToTree(Map.of("title", "t", "platform", "tiktok", "estimatedDurationSeconds", 50,
                "scenes", List.of(Map.of("start", 0, "end", 40, "visual", "a", "voiceover", "b"),
                        Map.of("start", 45, "end", 70, "visual", "c", "voiceover", "d"))));
        assertThat(rules.violations(rules.of("tiktok"), script)).containsExactly(
                "scene at 45 s does not start where the previous one ends (40 s)",
                "the script runs 70 s; tiktok allows at most 60 s",
                "estimatedDurationSeconds (50) is not the end of the last scene (70)");
    }
}
