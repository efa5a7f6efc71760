package com.misybot.hub.agents.editor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import org.junit.jupiter.api.Test;

/** If-Match as clients send it: the quoted ETag, a bare number, a weak tag, a wildcard, or something else. */
class ContentsTest {

    @Test
    void should_read_the_version_an_if_match_names_in_every_form_a_client_sends() {
        assertThat(Contents.expectedVersion("\"3\"")).isEqualTo(3);
        assertThat(Contents.expectedVersion("3")).isEqualTo(3);
        assertThat(Contents.expectedVersion("W/\"12\"")).isEqualTo(12);
        assertThat(Contents.expectedVersion(" \"7\" ")).isEqualTo(7);
        // none, blank or * : the edit applies to the current version
        assertThat(Contents.expectedVersion(null)).isNull();
        assertThat(Contents.expectedVersion("")).isNull();
        assertThat(Contents.expectedVersion("*")).isNull();
    }

    @Test
    void should_refuse_an_if_match_that_names_no_version_with_412() {
        assertThatThrownBy(() -> Contents.expectedVersion("\"abc\"")).isInstanceOf(ProblemException.class)
                .hasMessageContaining("names no version")
                .satisfies(e -> assertThat(((ProblemException) e).type()).isEqualTo(ProblemType.PRECONDITION_FAILED));
        assertThatThrownBy(() -> Contents.expectedVersion("\"1\", \"2\"")).isInstanceOf(ProblemException.class);
    }
}
