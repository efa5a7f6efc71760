package com.misybot.hub.platform;

/**
 * Masks personal data in a free text that leaves the hub as telemetry (span attributes and events, metric tags):
 * each value found is written as its type ({@code ⟦EMAIL_ADDRESS⟧}). Implemented by the privacy layer with the same
 * patterns as the JSON log; {@link #NONE} leaves text as it is.
 */
@FunctionalInterface
public interface TextMasking {

    TextMasking NONE = text -> text;

    String mask(String text);
}
