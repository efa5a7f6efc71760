package com.misybot.hub.platform;

import java.util.UUID;
import java.util.regex.Pattern;

/** The correlation id rules: accepted when 1..64 chars of {@code [A-Za-z0-9._-]}, otherwise a fresh UUID. */
public final class Correlation {

    /** HTTP header (and, later, bus message header) carrying the correlation id. */
    public static final String HEADER = "X-Correlation-Id";
    /** Key of the correlation id in the logging MDC, request attributes and Camel exchange variables. */
    public static final String KEY = "correlationId";

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private Correlation() {
    }

    /** Whether {@code candidate} is an acceptable correlation id. */
    public static boolean isValid(String candidate) {
        return candidate != null && VALID.matcher(candidate).matches();
    }

    /** The caller's id when valid, else a newly generated one. */
    public static String acceptOrGenerate(String candidate) {
        return candidate != null && VALID.matcher(candidate).matches() ? candidate : UUID.randomUUID().toString();
    }
}
