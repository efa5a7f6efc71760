package com.misybot.hub.processors;

import com.misybot.hub.privacy.PiiAnalysis;
import com.misybot.hub.privacy.pii.PiiEntity;
import com.misybot.hub.privacy.pii.PiiReplacement;
import java.util.List;
import org.springframework.stereotype.Component;

/** {@code piiRedact}: the PII in a text (detect) and the text with each entity replaced by its type (redact). */
@Component("piiRedact")
public class PiiRedaction {

    private final PiiAnalysis analysis;

    public PiiRedaction(PiiAnalysis analysis) {
        this.analysis = analysis;
    }

    public List<PiiEntity> detect(String text) {
        return text == null ? List.of() : analysis.detect(text);
    }

    /** {@code text} with every entity of {@code entities} (as {@link #detect} found them) replaced by ⟦TYPE⟧. */
    public String redact(String text, List<PiiEntity> entities) {
        return PiiReplacement.byType(text, entities);
    }
}
