package com.misybot.hub.agents.creative;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The topic the offline templates write about: the brief without commands and filler words. */
class TopicsTest {

    @Test
    void should_keep_the_subject_of_a_brief_when_dropping_commands_and_filler() {
        assertThat(Topics.of("/caption Give me caption ideas for the vegan protein bars"))
                .isEqualTo("vegan protein bars");
        assertThat(Topics.of("Write a 30 second TikTok script about summer sneakers")).isEqualTo("summer sneakers");
        assertThat(Topics.of("please")).isEqualTo("this");
    }
}
