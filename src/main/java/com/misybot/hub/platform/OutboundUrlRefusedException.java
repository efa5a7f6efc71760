package com.misybot.hub.platform;

/** A URL the hub was about to call is not allowed by {@code hub.security.outbound}; the message says why. */
public class OutboundUrlRefusedException extends RuntimeException {

    private final String url;
    private final String reason;

    public OutboundUrlRefusedException(String url, String reason) {
        super("Outbound URL " + url + " refused: " + reason, null, false, false);
        this.url = url;
        this.reason = reason;
    }

    /** The URL (or host and port) that was refused. */
    public String url() {
        return url;
    }

    /** Why, in one sentence (no URL). */
    public String reason() {
        return reason;
    }
}
