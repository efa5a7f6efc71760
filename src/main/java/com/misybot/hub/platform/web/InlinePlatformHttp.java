package com.misybot.hub.platform.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.concurrent.CompletionException;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpConsumer;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpEngine;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerAdapter;
import org.springframework.web.servlet.ModelAndView;

/**
 * Runs Camel platform-http routes on the servlet container's request thread, like a Spring MVC controller.
 *
 * <p>camel-platform-http-starter answers every request with a {@code CompletableFuture} run on Spring's task
 * executor: the request is handed to another thread, put in asynchronous mode, and dispatched through the servlet
 * container, the filter chain and the DispatcherServlet a second time to be completed. Profiled under the ingress
 * bench, 45 % of the hub's CPU samples were on that executor's threads. Here the engine's executor runs the route on the
 * calling thread and a handler adapter, placed before Spring MVC's, calls the consumer and returns once the route has
 * written its answer: one dispatch, no hand-off. The routes, the REST DSL and the OpenAPI document are untouched
 * (Camel's own request mapping still finds the consumer). {@code hub.ingress.inline-dispatch: false} restores the
 * starter's behaviour.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "hub.ingress.inline-dispatch", havingValue = "true", matchIfMissing = true)
public class InlinePlatformHttp {

    /** Replaces the starter's engine (its bean is conditional on this one missing): routes run on the caller. */
    @Bean("platform-http-engine")
    PlatformHttpEngine inlinePlatformHttpEngine(@Value("${server.port:8080}") int port) {
        return new SpringBootPlatformHttpEngine(port, Runnable::run);
    }

    @Bean
    HandlerAdapter inlinePlatformHttpHandlerAdapter() {
        return new InlineHandlerAdapter();
    }

    /** Calls a platform-http consumer and returns when its route has answered; no asynchronous dispatch. */
    static final class InlineHandlerAdapter implements HandlerAdapter, Ordered {

        @Override
        public boolean supports(Object handler) {
            return handler instanceof HandlerMethod method && method.getBean() instanceof SpringBootPlatformHttpConsumer;
        }

        @Override
        public ModelAndView handle(HttpServletRequest request, HttpServletResponse response, Object handler)
                throws Exception {
            SpringBootPlatformHttpConsumer consumer = (SpringBootPlatformHttpConsumer) ((HandlerMethod) handler).getBean();
            try {
                // the engine's executor runs the route on this thread: the future is complete when service returns
                consumer.service(request, response).join();
            } catch (CompletionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof Exception exception) {
                    throw exception;
                }
                throw new ServletException(cause);
            }
            return null;
        }

        @Override
        @SuppressWarnings("deprecation")
        public long getLastModified(HttpServletRequest request, Object handler) {
            return -1;
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }
    }
}
