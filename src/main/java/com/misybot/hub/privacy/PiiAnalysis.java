package com.misybot.hub.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import com.misybot.hub.platform.web.Caller;
import com.misybot.hub.privacy.pii.PiiAnalyzer;
import com.misybot.hub.privacy.pii.PiiEntity;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Body;
import org.apache.camel.Variable;
import org.springframework.stereotype.Component;

/**
 * {@code piiAnalysis}: {@code POST /api/v1/pii/analyze} (any role, a per-caller budget per minute on this replica)
 * and {@code direct:pii-detect} for routes. Counts findings per type ({@code hub.pii.entities}), never the values.
 */
@Component("piiAnalysis")
public class PiiAnalysis {

    /** The analyze API's answer. */
    public record Answer(List<PiiEntity> entities) {
    }

    private final PiiAnalyzer analyzer;
    private final MeterRegistry meters;
    private final long perMinute;
    private final Map<String, Bucket> budgets = new ConcurrentHashMap<>();

    public PiiAnalysis(PiiAnalyzer analyzer, MeterRegistry meters, PrivacyProperties properties) {
        this.analyzer = analyzer;
        this.meters = meters;
        this.perMinute = properties.pii().analyzePerUserPerMinute();
    }

    public Answer analyze(@Variable("json") JsonNode body, @Variable("caller") Caller caller) {
        take(caller == null ? "anonymous" : caller.id());
        return new Answer(detect(body.path("text").asText()));
    }

    /** The PII in {@code text} (for routes: {@code direct:pii-detect}). */
    public List<PiiEntity> detect(@Body String text) {
        List<PiiEntity> found = analyzer.analyze(text);
        found.forEach(e -> meters.counter("hub.pii.entities", "type", e.type()).increment());
        return found;
    }

    private void take(String callerId) {
        Bucket bucket = budgets.computeIfAbsent(callerId, id -> Bucket.builder().addLimit(limit -> limit
                .capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1))).build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            Duration wait = Duration.ofNanos(probe.getNanosToWaitForRefill());
            throw new ProblemException(ProblemType.TOO_MANY_REQUESTS, "Too many PII analyses: your budget of "
                    + perMinute + " per minute is used up; retry in " + Math.max(1, wait.toSeconds()) + " s.", null,
                    wait);
        }
    }
}
