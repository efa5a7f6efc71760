package com.misybot.hub.privacy.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The pattern recognizers: validators from the libraries decide, offsets are exact, context words count. */
class PatternRecognizersTest {

    private final PiiAnalyzer analyzer = new PiiAnalyzer(new PatternRecognizers(), null, 0.4);

    private List<String> found(String text) {
        return analyzer.analyze(text).stream()
                .map(e -> e.type() + ":" + text.substring(e.start(), e.end())).toList();
    }

    @Test
    void should_report_a_card_only_when_its_luhn_check_digit_is_right() {
        assertThat(found("card 4929050988424425 please")).containsExactly("CREDIT_CARD:4929050988424425");
        assertThat(found("card 4929-0509-8842-4425 please")).containsExactly("CREDIT_CARD:4929-0509-8842-4425");
        // the same number with its last digit changed fails Luhn: neither a card nor anything else
        assertThat(found("card 4929050988424426 please")).isEmpty();
    }

    @Test
    void should_report_an_iban_only_when_mod_97_holds() {
        assertThat(found("my IBAN is GB69PMNJ18913943430745.")).containsExactly("IBAN_CODE:GB69PMNJ18913943430745");
        assertThat(found("iban DE89 3704 0044 0532 0130 00 thanks")).containsExactly(
                "IBAN_CODE:DE89 3704 0044 0532 0130 00");
        assertThat(found("my IBAN is GB68PMNJ18913943430745.")).isEmpty();
    }

    @Test
    void should_find_emails_ips_and_ssns_with_exact_offsets() {
        String text = "Write to Maureen.Thibault@rhyta.com from 10.218.6.131 or d80:e4b5:79da:6cf6:71f3:51f7:9161:c319;"
                + " SSN 390-99-1671.";
        assertThat(found(text)).containsExactly("EMAIL_ADDRESS:Maureen.Thibault@rhyta.com", "IP_ADDRESS:10.218.6.131",
                "IP_ADDRESS:d80:e4b5:79da:6cf6:71f3:51f7:9161:c319", "US_SSN:390-99-1671");
        // never issued: area 000, 666 or 9xx
        assertThat(found("SSN 666-12-3456")).isEmpty();
        assertThat(found("SSN 912-34-5678")).isEmpty();
        assertThat(found("version 1.2.3.4000 of the app")).isEmpty();
    }

    @Test
    void should_not_read_a_dotted_quad_as_a_phone_number() {
        assertThat(found("or call me, server 69.196.7.23 is down")).containsExactly("IP_ADDRESS:69.196.7.23");
        assertThat(found("or call me, the server is 69.196.7.23.")).containsExactly("IP_ADDRESS:69.196.7.23");
    }

    @Test
    void should_not_read_digits_inside_an_identifier_as_a_phone_number() {
        assertThat(found("Snapshot 7c1d3a2f-f845-4b2a-b9a4-ee8d2f024417 of session s-5d74ad3f-cbc6-47ca-85b3-154947d2f02d"))
                .isEmpty();
        assertThat(found("call me at 730-347-5681, thanks")).containsExactly("PHONE_NUMBER:730-347-5681");
    }

    @Test
    void should_find_phone_numbers_and_drop_them_when_the_context_says_otherwise() {
        assertThat(found("call me at 730.347.5681x8340 tomorrow")).containsExactly("PHONE_NUMBER:730.347.5681x8340");
        assertThat(found("They're not answering at (03) 5327 5996")).containsExactly("PHONE_NUMBER:(03) 5327 5996");
        assertThat(found("My driver's license number is 755600751")).isEmpty();
    }

    @Test
    void should_answer_nothing_for_blank_text() {
        assertThat(analyzer.analyze("   ")).isEmpty();
        assertThat(analyzer.analyze(null)).isEmpty();
    }
}
