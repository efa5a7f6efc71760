package com.misybot.hub.privacy;

import com.misybot.hub.governance.audit.AuditEvent;
import com.misybot.hub.governance.audit.AuditLog;
import com.misybot.hub.platform.PersonalDataGuard;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import com.misybot.hub.privacy.pii.PiiAnalyzer;
import com.misybot.hub.privacy.pii.PiiReplacement;
import com.misybot.hub.privacy.pii.Surrogates;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * DLP for outbound calls (SEC-4): per destination ({@code hub.privacy.dlp.outbound.<destination>}) the PII found in
 * what leaves the hub is {@code pseudonymize}d (typed surrogates, restored in the answer), {@code redact}ed (typed
 * placeholders, nothing restored), {@code block}ed (422 problem and an audit record {@code dlp.block}) or left
 * ({@code off}). Counted in {@code hub.dlp.outbound} by destination, type and action; values are never logged.
 */
@Component
public class OutboundPii implements PersonalDataGuard {

    enum Action { PSEUDONYMIZE, REDACT, BLOCK, OFF }

    private final PiiAnalyzer analyzer;
    private final MeterRegistry meters;
    private final AuditLog audit;
    private final Map<String, Action> policies = new HashMap<>();

    public OutboundPii(PiiAnalyzer analyzer, MeterRegistry meters, AuditLog audit, PrivacyProperties properties) {
        this.analyzer = analyzer;
        this.meters = meters;
        this.audit = audit;
        properties.dlp().outbound().forEach((destination, action) -> policies.put(destination,
                Action.valueOf(action.toUpperCase(Locale.ROOT))));
    }

    @Override
    public Guarded guard(String destination, List<String> texts) {
        Action action = policies.getOrDefault(destination, Action.PSEUDONYMIZE);
        if (action == Action.OFF) {
            return new Guarded(texts, Map.of());
        }
        Map<String, String> surrogateOf = new HashMap<>();
        Map<String, String> valueOf = new LinkedHashMap<>();
        // numbers the texts already use (text pseudonymized at ingress) are not given to other values
        Map<String, Integer> numbers = new HashMap<>(Surrogates.highestNumbers(texts));
        Map<String, Integer> found = new TreeMap<>();
        List<String> out = new ArrayList<>(texts.size());
        for (String text : texts) {
            if (text == null) {
                out.add(null);
                continue;
            }
            out.add(PiiReplacement.replace(text, analyzer.analyze(text), (e, value) -> {
                found.merge(e.type(), 1, Integer::sum);
                if (action == Action.REDACT) {
                    return Surrogates.redacted(e.type());
                }
                String surrogate = surrogateOf.computeIfAbsent(e.type() + '\u0000' + value,
                        k -> Surrogates.numbered(e.type(), numbers.merge(e.type(), 1, Integer::sum)));
                valueOf.put(surrogate, value);
                return surrogate;
            }));
        }
        String verb = action.name().toLowerCase(Locale.ROOT);
        found.forEach((type, n) -> meters.counter("hub.dlp.outbound", "destination", destination, "type", type,
                "action", verb).increment(n));
        if (action == Action.BLOCK && !found.isEmpty()) {
            audit.append(AuditEvent.system("dlp.block", destination, Map.of("entities", found)));
            throw new ProblemException(ProblemType.UNPROCESSABLE, "The request to " + destination
                    + " carries personal data (" + String.join(", ", found.keySet()) + ") and the privacy policy "
                    + "blocks it (hub.privacy.dlp.outbound." + destination + ").", null, null);
        }
        return new Guarded(out, valueOf);
    }
}
