package com.misybot.hub.platform;

import java.util.UUID;
import java.util.regex.Pattern;

/** The correlation id rules: accepted when 1..64 chars of {@code [A-Za-z0-9._-]}, otherwise a fresh UUID. */
public final class Correlation {

    /** HTTP header (and, later, bus message header) carrying the correlation id. */
    public static final String HEADER = "X-Correlation-Id";
    /** Key of the correlation id in the logging MDC, request attributes and Camel exchange variables. */
    public static final String KEY = "correlationId";

    /** MDC key of the session a request or a bus delivery works for (the admin logs API filters on it). */
    public static final String SESSION_KEY = "sessionId";

    /** Puts {@code sessionId} into the MDC when it is a valid session id, else removes a stale one. */
    public static void sessionInMdc(Object sessionId) {
        if (sessionId instanceof String id && !id.isBlank() && id.length() <= 64 && id.matches("[A-Za-z0-9._-]+")) {
            org.slf4j.MDC.put(SESSION_KEY, id);
        } else {
            org.slf4j.MDC.remove(SESSION_KEY);
        }
    }

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
