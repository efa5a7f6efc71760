package com.misybot.hub.pipelines.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.camel.Variable;
import org.springframework.stereotype.Service;

/**
 * Metrics a platform posts for one publication, authenticated by the platform's webhook signature instead of a
 * token. The signature is checked against every configured platform secret before the publication is looked up,
 * so an unsigned caller learns nothing about which publication ids exist; the publication must then belong to the
 * platform whose secret signed. Stored as the publication's latest cumulative snapshot.
 */
@Service("publicationMetrics")
public class PublicationMetrics {

    /** Exchange variables the route sets: the raw body as received, and the signature header. */
    public static final String RAW_BODY = "rawBody";
    public static final String SIGNATURE = WebhookSignature.HEADER;

    /** What the endpoint answers; {@code experimentId} (when the run is in one) is evaluated next. */
    public record Recorded(String publicationId, String platform, long views, long likes, long shares, long clicks,
                           Long watchTimeSec, Instant receivedAt, String experimentId) {
    }

    private final PublicationSnapshots snapshots;
    private final ExperimentProperties properties;

    public PublicationMetrics(PublicationSnapshots snapshots, ExperimentProperties properties) {
        this.snapshots = snapshots;
        this.properties = properties;
    }

    public Recorded record(@Variable("id") String id, @Variable(RAW_BODY) byte[] body,
                           @Variable(SIGNATURE) String signature, @Variable("json") JsonNode metrics) {
        Set<String> signers = signers(body, signature);
        if (signers.isEmpty()) {
            throw unauthorized();
        }
        UUID publicationId = parse(id);
        PublicationSnapshots.Target target = snapshots.target(publicationId);
        if (target == null) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No publication " + id);
        }
        String platform = target.platform();
        if (!signers.contains(platform)) {
            // signed with another platform's secret: that platform may not report on this publication
            throw unauthorized();
        }
        Long watch = metrics.hasNonNull("watchTimeSec") ? metrics.get("watchTimeSec").asLong() : null;
        Recorded recorded = new Recorded(publicationId.toString(), platform, metrics.path("views").asLong(),
                metrics.path("likes").asLong(), metrics.path("shares").asLong(), metrics.path("clicks").asLong(),
                watch, Instant.now(), target.experimentId());
        snapshots.store(publicationId, target, new long[] {recorded.views(), recorded.likes(), recorded.shares(),
                recorded.clicks()}, watch);
        return recorded;
    }

    /** The platforms whose webhook secret signed {@code body} (one HMAC per configured platform). */
    Set<String> signers(byte[] body, String signature) {
        Set<String> signers = new TreeSet<>();
        if (body == null || signature == null) {
            return signers;
        }
        properties.publish().platforms().forEach((platform, configured) -> {
            if (configured != null && WebhookSignature.verify(configured.webhookSecret(), body, signature)) {
                signers.add(platform);
            }
        });
        return signers;
    }

    private static ProblemException unauthorized() {
        return new ProblemException(ProblemType.UNAUTHORIZED, "Missing or wrong " + WebhookSignature.HEADER
                + ": sign the raw body with the platform's webhook secret (HMAC-SHA256, sha256=<hex>).");
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No publication " + id);
        }
    }
}
