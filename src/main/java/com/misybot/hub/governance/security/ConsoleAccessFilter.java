package com.misybot.hub.governance.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.platform.BufferedBodyRequest;
import com.misybot.hub.platform.ProblemType;
import com.misybot.hub.platform.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The console's door to Jolokia: reads each Jolokia request of a POST (single or bulk) before Jolokia does and
 * refuses the whole POST with 403 problem+json when any of them is not allowed to the caller's roles by
 * {@link ConsolePolicy}; nothing of a refused POST runs. Jolokia's GET syntax is refused too (the console only
 * POSTs). {@link ConsoleRestrictor} checks again inside Jolokia.
 */
public class ConsoleAccessFilter extends OncePerRequestFilter {

    /**
     * Largest Jolokia POST read. Most console requests are a few KB, but when the page opens Hawtio asks
     * {@code canInvoke} for every MBean and all of its operations in one bulk request: about 1 KB per MBean, 1.2 MB
     * for the hub's ~1,100 MBeans (refusing it left the console empty). 8 MB leaves room for many more routes.
     */
    static final int MAX_BODY = 8 * 1024 * 1024;

    private final ObjectMapper mapper;
    private final ProblemWriter problems;

    public ConsoleAccessFilter(ObjectMapper mapper, ProblemWriter problems) {
        this.mapper = mapper;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !(path.equals("/actuator/jolokia") || path.startsWith("/actuator/jolokia/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Set<String> roles = ConsoleRestrictor.roles();
        if (!"POST".equals(request.getMethod())) {
            refuse(request, response, ProblemType.FORBIDDEN, "The console accepts Jolokia POST requests only.");
            return;
        }
        byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            refuse(request, response, ProblemType.PAYLOAD_TOO_LARGE,
                    "A Jolokia request may not exceed " + MAX_BODY + " bytes.");
            return;
        }
        JsonNode requests;
        try {
            requests = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            refuse(request, response, ProblemType.MALFORMED_JSON, "The Jolokia request is not valid JSON.");
            return;
        }
        String refusal = requests == null ? "The Jolokia request is empty." : check(roles, requests);
        if (refusal != null) {
            refuse(request, response, refusal.startsWith("Malformed") ? ProblemType.BAD_REQUEST
                    : ProblemType.FORBIDDEN, refusal);
            return;
        }
        chain.doFilter(new BufferedBodyRequest(request, body), response);
    }

    /** Why {@code requests} is refused to {@code roles}, or null when every request in it is allowed. */
    static String check(Set<String> roles, JsonNode requests) {
        if (requests.isArray()) {
            for (JsonNode one : requests) {
                String refusal = checkOne(roles, one);
                if (refusal != null) {
                    return refusal;
                }
            }
            return null;
        }
        return checkOne(roles, requests);
    }

    private static String checkOne(Set<String> roles, JsonNode request) {
        if (!request.isObject() || !request.path("type").isTextual()) {
            return "Malformed Jolokia request: each request is an object with a 'type'.";
        }
        String type = request.get("type").asText().toLowerCase(java.util.Locale.ROOT);
        if (!ConsolePolicy.mayUseType(roles, type)) {
            return "Jolokia requests of type '" + type + "' are not allowed to your role.";
        }
        if (!type.equals("read") && !type.equals("exec")) {
            return null;
        }
        ObjectName name;
        try {
            name = new ObjectName(request.path("mbean").asText(""));
        } catch (MalformedObjectNameException e) {
            return "Malformed Jolokia request: 'mbean' is not an MBean name.";
        }
        if (type.equals("read")) {
            return !name.isDomainPattern() && ConsolePolicy.mayRead(roles, name) ? null
                    : "Reading " + name.getDomain() + " MBeans is not allowed to your role.";
        }
        String operation = request.path("operation").asText("");
        return ConsolePolicy.mayExecute(roles, name, operation) ? null
                : "Operation '" + ConsolePolicy.operationName(operation) + "' on " + name.getDomain() + ":type="
                + name.getKeyProperty("type") + " is not allowed to your role.";
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, ProblemType type, String detail)
            throws IOException {
        problems.write(request, response, type, detail);
    }
}
