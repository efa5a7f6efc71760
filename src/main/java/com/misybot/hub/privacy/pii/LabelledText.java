package com.misybot.hub.privacy.pii;

import java.util.List;

/** A text with its labelled PII spans (the development corpus's shape, types already mapped to the hub's names). */
public record LabelledText(String text, List<Span> spans, int group) {

    /** One labelled span: type and character offsets (end exclusive). */
    public record Span(String type, int start, int end) {
    }
}
