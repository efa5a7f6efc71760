package com.misybot.hub.platform;

import java.util.Map;
import org.slf4j.MDC;
import org.springframework.core.task.TaskDecorator;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * camel-platform-http (4.17) hands each request to Spring's task executor; this decorator, which Spring Boot applies
 * to that executor, carries the caller's security context, logging MDC (correlation id) and request attributes
 * from the servlet thread to the thread that runs the Camel route, and clears them afterwards.
 */
@Component
public class RequestContextTaskDecorator implements TaskDecorator {

    @Override
    public Runnable decorate(Runnable task) {
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        SecurityContext security = SecurityContextHolder.getContext();
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        return () -> {
            Map<String, String> previousMdc = MDC.getCopyOfContextMap();
            SecurityContext previousSecurity = SecurityContextHolder.getContext();
            RequestAttributes previousRequest = RequestContextHolder.getRequestAttributes();
            apply(mdc, security, request);
            try {
                task.run();
            } finally {
                apply(previousMdc, previousSecurity, previousRequest);
            }
        };
    }

    private static void apply(Map<String, String> mdc, SecurityContext security, RequestAttributes request) {
        if (mdc == null) {
            MDC.clear();
        } else {
            MDC.setContextMap(mdc);
        }
        SecurityContextHolder.setContext(security);
        RequestContextHolder.setRequestAttributes(request);
    }
}
