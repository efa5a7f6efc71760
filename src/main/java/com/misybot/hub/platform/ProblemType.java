package com.misybot.hub.platform;

/** The kinds of error the hub answers with; each maps to one HTTP status and a stable problem type URI. */
public enum ProblemType {
    MALFORMED_JSON("malformed-json", "Malformed JSON", 400),
    JSON_TOO_DEEP("json-too-deep", "JSON nested too deeply", 400),
    VALIDATION("validation", "Request validation failed", 400),
    BAD_REQUEST("bad-request", "Bad request", 400),
    OUTBOUND_URL_REFUSED("outbound-url-refused", "URL not allowed", 400),
    UNAUTHORIZED("unauthorized", "Authentication required", 401),
    FORBIDDEN("forbidden", "Forbidden", 403),
    NOT_FOUND("not-found", "Not found", 404),
    METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", 405),
    CONFLICT("conflict", "Conflict", 409),
    PRECONDITION_FAILED("precondition-failed", "Precondition failed", 412),
    CALENDAR_CONFLICT("calendar-conflict", "Calendar slot already taken", 409),
    ROUTE_START_FAILED("route-start-failed", "Route version did not start", 409),
    UNPROCESSABLE("unprocessable", "Request cannot be carried out", 422),
    PAYLOAD_TOO_LARGE("payload-too-large", "Payload too large", 413),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", 415),
    INVALID_ROUTES("invalid-routes", "Operator routes refused", 422),
    TOO_MANY_REQUESTS("too-many-requests", "Too many requests", 429),
    INTERNAL("internal", "Internal error", 500),
    BAD_GATEWAY("bad-gateway", "Bad answer from an upstream service", 502),
    UNAVAILABLE("unavailable", "Service unavailable", 503);

    private final String slug;
    private final String title;
    private final int status;

    ProblemType(String slug, String title, int status) {
        this.slug = slug;
        this.title = title;
        this.status = status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public int status() {
        return status;
    }

    /** The problem type for an HTTP status the hub did not raise itself (for example Spring MVC's 404/405/415). */
    public static ProblemType forStatus(int status) {
        for (ProblemType type : values()) {
            if (type.status == status && type != MALFORMED_JSON && type != JSON_TOO_DEEP && type != VALIDATION) {
                return type;
            }
        }
        return status >= 500 ? INTERNAL : BAD_REQUEST;
    }
}
