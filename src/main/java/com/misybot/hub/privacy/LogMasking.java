package com.misybot.hub.privacy;

import com.misybot.hub.privacy.pii.PatternRecognizers;
import com.misybot.hub.privacy.pii.PiiAnalyzer;
import com.misybot.hub.privacy.pii.PiiReplacement;
import java.util.Set;
import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;

/**
 * DLP for the JSON log (SEC-4), named by {@code logging.structured.json.customizer}: the {@code message} and
 * {@code stack_trace} of every line pass the pattern recognizers (e-mail, card, IBAN, SSN, IP, phone, with their
 * validators and context words) and each entity found becomes {@code ⟦TYPE⟧}. The name finder is not run on log
 * lines (milliseconds per line): names in log messages are not masked. A line without a digit or an {@code @}
 * holds none of these types and is written untouched.
 */
public class LogMasking implements StructuredLoggingJsonMembersCustomizer<Object> {

    private static final Set<String> MASKED = Set.of("message", "stack_trace");
    private static final PiiAnalyzer PATTERNS = new PiiAnalyzer(new PatternRecognizers(), null, 0.4);

    @Override
    public void customize(JsonWriter.Members<Object> members) {
        members.applyingValueProcessor(JsonWriter.ValueProcessor.of(String.class, LogMasking::mask)
                .whenHasPath(path -> MASKED.contains(path.name())));
    }

    /** {@code text} with the PII the patterns find replaced by ⟦TYPE⟧. */
    public static String mask(String text) {
        if (text == null || !worthScanning(text)) {
            return text;
        }
        return PiiReplacement.byType(text, PATTERNS.analyze(text));
    }

    private static boolean worthScanning(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '@' || (c >= '0' && c <= '9')) {
                return true;
            }
        }
        return false;
    }
}
