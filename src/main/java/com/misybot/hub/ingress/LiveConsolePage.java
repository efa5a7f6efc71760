package com.misybot.hub.ingress;

import java.time.Duration;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the live operations console: its static files under {@code /console/} and the WebJars it loads (uPlot)
 * under {@code /webjars/}, versionless through webjars-locator-lite. Spring Boot's own static mappings stay off
 * ({@code spring.web.resources.add-mappings: false}), so these two folders are the only static files outside Hawtio.
 * The files hold no data: every figure comes from the admin API with the signed-in user's token.
 */
@Configuration(proxyBeanMethods = false)
public class LiveConsolePage implements WebMvcConfigurer {

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        // the page, its script and style change with each build: revalidate rather than cache blindly
        registry.addResourceHandler("/console/**").addResourceLocations("classpath:/static/console/")
                .setCacheControl(CacheControl.noCache());
        // resourceChain(true) adds the LiteWebJarsResourceResolver: /webjars/uplot/dist/... without the version
        registry.addResourceHandler("/webjars/**").addResourceLocations("classpath:/META-INF/resources/webjars/")
                .setCacheControl(CacheControl.maxAge(Duration.ofDays(1))).resourceChain(true);
    }

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        // relative URLs in index.html need the trailing slash
        registry.addRedirectViewController("/console", "/console/");
        registry.addViewController("/console/").setViewName("forward:/console/index.html");
    }
}
