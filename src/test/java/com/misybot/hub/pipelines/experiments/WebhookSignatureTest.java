package com.misybot.hub.pipelines.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** X-Hub-Signature-256 as openssl computes it, and what is refused. */
class WebhookSignatureTest {

    private static final String SECRET = "test-only-tiktok-webhook-secret";
    private static final byte[] BODY = "{\"views\":1000,\"likes\":40,\"shares\":10,\"clicks\":120}"
            .getBytes(StandardCharsets.UTF_8);
    /** printf '%s' "$BODY" | openssl dgst -sha256 -hmac "$SECRET" */
    private static final String OPENSSL = "sha256=4ab794fe6f4ad1955c3ed614a1083a88a9ef6a0eca5245f359679c1f404e6745";

    @Test
    void should_sign_as_openssl_does_and_accept_that_signature() {
        assertThat(WebhookSignature.sign(SECRET, BODY)).isEqualTo(OPENSSL);
        assertThat(WebhookSignature.verify(SECRET, BODY, OPENSSL)).isTrue();
        assertThat(WebhookSignature.verify(SECRET, BODY, OPENSSL.toUpperCase().replace("SHA256=", "sha256="))).isTrue();
    }

    @Test
    void should_refuse_a_wrong_secret_a_changed_body_or_a_malformed_header() {
        byte[] changed = "{\"views\":1000,\"likes\":40,\"shares\":10,\"clicks\":121}".getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookSignature.verify("another-secret", BODY, OPENSSL)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, changed, OPENSSL)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, BODY, OPENSSL.substring("sha256=".length()))).isFalse();
        assertThat(WebhookSignature.verify(SECRET, BODY, "sha256=zz")).isFalse();
        assertThat(WebhookSignature.verify(SECRET, BODY, "sha256=" + "00".repeat(32))).isFalse();
        assertThat(WebhookSignature.verify(SECRET, BODY, null)).isFalse();
    }

    @Test
    void should_refuse_everything_when_no_secret_is_configured() {
        // an unset secret (HUB_PUBLISH_<P>_WEBHOOK_SECRET empty) must not turn into a key anybody can sign with
        assertThat(WebhookSignature.verify("", BODY, OPENSSL)).isFalse();
        assertThat(WebhookSignature.verify("  ", BODY, OPENSSL)).isFalse();
        assertThat(WebhookSignature.verify(null, BODY, OPENSSL)).isFalse();
    }
}
