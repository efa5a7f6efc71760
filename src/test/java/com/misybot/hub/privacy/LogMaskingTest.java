package com.misybot.hub.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The log's DLP: validated PII becomes its type, everything else is left as written. */
class LogMaskingTest {

    @Test
    void should_replace_pii_by_its_type_when_a_log_message_holds_some() {
        assertThat(LogMasking.mask("Payment by tamara@example.com with 4929050988424425 from 69.196.0.85 failed"))
                .isEqualTo("Payment by ⟦EMAIL_ADDRESS⟧ with ⟦CREDIT_CARD⟧ from ⟦IP_ADDRESS⟧ failed");
        assertThat(LogMasking.mask("IBAN GB69PMNJ18913943430745, ssn 390-99-1671, call 730-347-5681"))
                .isEqualTo("IBAN ⟦IBAN_CODE⟧, ssn ⟦US_SSN⟧, call ⟦PHONE_NUMBER⟧");
    }

    @Test
    void should_leave_lines_without_pii_untouched() {
        String line = "Stored user turn 5f0c2a1e-77b2-4b5e-9d0c-1d2e3f4a5b6c in session s-42 after 12 ms";
        assertThat(LogMasking.mask(line)).isSameAs(line);
        assertThat(LogMasking.mask("Routes startup (total:114 started:114)")).isEqualTo("Routes startup (total:114 started:114)");
        assertThat(LogMasking.mask(null)).isNull();
    }
}
