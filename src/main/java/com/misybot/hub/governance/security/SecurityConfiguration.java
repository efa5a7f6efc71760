package com.misybot.hub.governance.security;

import static com.misybot.hub.governance.security.Roles.AUDITOR;
import static com.misybot.hub.governance.security.Roles.OPERATOR;
import static com.misybot.hub.governance.security.Roles.SUPERADMIN;
import static com.misybot.hub.governance.security.Roles.USER;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.governance.audit.AccessLogFilter;
import com.misybot.hub.governance.audit.AuditLog;
import com.misybot.hub.governance.audit.AuditMacKeys;
import com.misybot.hub.platform.ProblemType;
import com.misybot.hub.platform.ProblemWriter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

/**
 * Who may call what. Two chains: the console (Hawtio, Jolokia) also accepts HTTP Basic so a browser can log in,
 * with CSRF protection for it; everything else is stateless bearer JWT or {@code X-Api-Key}. All refusals are
 * problem+json. Every answer carries Spring Security's headers (nosniff, frame options, no-store, HSTS over HTTPS);
 * API answers also a CSP that allows nothing, and cross-origin calls are refused unless their origin is listed.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CorsProperties.class)
public class SecurityConfiguration {

    /** API answers are JSON: nothing in them may load, run or be framed. */
    static final String API_CSP = "default-src 'none'; frame-ancestors 'none'";

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    /**
     * Spring's strict firewall, with header checks that do the same job without a Unicode regex per character:
     * with bearer tokens of ~800 characters the default regex was the single largest CPU cost of a request.
     */
    @Bean
    StrictHttpFirewall httpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(SecurityConfiguration::printable);
        firewall.setAllowedHeaderValues(SecurityConfiguration::printable);
        return firewall;
    }

    /**
     * A request the firewall refuses (encoded NUL, %2F, "..", ";" in the path, a control character in a header) gets
     * a 400 problem like every other refusal, instead of the servlet container's HTML error page (the error
     * dispatch of such a URL is refused by the firewall too).
     */
    @Bean
    RequestRejectedHandler requestRejectedHandler(ProblemWriter problems) {
        return (request, response, rejected) -> problems.write(request, response, ProblemType.BAD_REQUEST,
                "The request was refused: its URL or a header holds characters the hub does not accept.");
    }

    /** No control characters other than horizontal tab, and no unassigned code points. */
    static boolean printable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 ? c != '\t' : c == 0x7f || (c >= 0x80 && (Character.isISOControl(c) || !Character.isDefined(c)))) {
                return false;
            }
        }
        return true;
    }

    @Bean
    ApiKeyAuthenticationFilter apiKeyAuthenticationFilter(ApiKeys apiKeys, ProblemWriter problems) {
        return new ApiKeyAuthenticationFilter(apiKeys, problems);
    }

    /** The API key filter runs inside the security chains only, not a second time as a plain servlet filter. */
    @Bean
    FilterRegistrationBean<ApiKeyAuthenticationFilter> apiKeyFilterRegistration(ApiKeyAuthenticationFilter filter) {
        FilterRegistrationBean<ApiKeyAuthenticationFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setEnabled(false);
        return registration;
    }

    @Bean
    @Order(1)
    SecurityFilterChain consoleChain(HttpSecurity http, ApiKeyAuthenticationFilter apiKeys, JwtDecoder decoder,
                                     JwtAuthenticationConverter converter, ProblemWriter problems,
                                     TokenService tokens, ObjectMapper mapper, AuditLog audit,
                                     AuditMacKeys auditKeys) throws Exception {
        ProblemSecurityHandlers handlers = new ProblemSecurityHandlers(problems, "Basic realm=\"misybot-hub\"");
        // path patterns, not MVC matchers: Jolokia is served by its own servlet, outside Spring MVC
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        http.securityMatcher(new OrRequestMatcher(paths.matcher("/actuator/hawtio/**"), paths.matcher("/actuator/hawtio"),
                        paths.matcher("/actuator/jolokia/**"), paths.matcher("/actuator/jolokia")))
                // the browser re-sends Basic credentials by itself: console writes need the XSRF token too
                .csrf(csrf -> csrf.csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                        .csrfTokenRequestHandler(new ConsoleCsrf.SpaTokenHandler())
                        .requireCsrfProtectionMatcher(ConsoleCsrf.requiresProtection()))
                .addFilterAfter(new ConsoleCsrf.CookieFilter(), BasicAuthenticationFilter.class)
                // every console request, refused ones included, is one record of the audit chain
                .addFilterAfter(new AccessLogFilter(audit, auditKeys), SecurityContextHolderFilter.class)
                // no session management: with Basic every request authenticates again, and its session strategy
                // would rotate the XSRF token each time, failing the console's concurrent requests
                .sessionManagement(s -> s.disable())
                // Hawtio frames its own pages and sets its own Content-Security-Policy: same-origin framing only
                .headers(h -> h.frameOptions(f -> f.sameOrigin()).referrerPolicy(r -> r.policy(ReferrerPolicy.NO_REFERRER)))
                .authorizeHttpRequests(a -> a.anyRequest().hasAnyRole(AUDITOR, OPERATOR, SUPERADMIN))
                // what each console role may do inside Jolokia: ConsolePolicy's allow-list, deny by default
                .addFilterAfter(new ConsoleAccessFilter(mapper, problems), AuthorizationFilter.class)
                .authenticationProvider(throttledPasswordProvider(tokens))
                .httpBasic(basic -> basic.authenticationEntryPoint(handlers))
                .oauth2ResourceServer(o -> o.jwt(j -> j.decoder(decoder).jwtAuthenticationConverter(converter))
                        .authenticationEntryPoint(handlers).accessDeniedHandler(handlers))
                .exceptionHandling(e -> e.authenticationEntryPoint(handlers).accessDeniedHandler(handlers))
                .addFilterBefore(apiKeys, BearerTokenAuthenticationFilter.class);
        return http.build();
    }

    /** The live operations console's own CSP: its scripts, styles and the API on this origin, nothing else. */
    static final String LIVE_CONSOLE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /**
     * The live console's static files ({@code /console/**}) and the WebJars it loads: public, they hold no data. The
     * page signs in with the token endpoint and calls the admin API with the bearer token (no cookie, so no CSRF
     * token is needed: a cross-site page cannot make the browser send the token); every figure and every action goes
     * through the API's own authorization.
     */
    @Bean
    @Order(0)
    SecurityFilterChain liveConsoleChain(HttpSecurity http) throws Exception {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        http.securityMatcher(new OrRequestMatcher(paths.matcher("/console/**"), paths.matcher("/console"),
                        paths.matcher("/webjars/**")))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives(LIVE_CONSOLE_CSP))
                        .referrerPolicy(r -> r.policy(ReferrerPolicy.NO_REFERRER)))
                .authorizeHttpRequests(a -> a.requestMatchers(HttpMethod.GET, "/console/**", "/console", "/webjars/**")
                        .permitAll().anyRequest().denyAll());
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain apiChain(HttpSecurity http, ApiKeyAuthenticationFilter apiKeys, JwtDecoder decoder,
                                 JwtAuthenticationConverter converter, ProblemWriter problems, AuditLog audit,
                                 AuditMacKeys auditKeys, CorsProperties cors,
                                 @Value("${hub.publish.sandbox:false}") boolean sandbox,
                                 @Value("${hub.bench.echo-enabled:false}") boolean benchEcho,
                                 @Value("${hub.bench.bus-enabled:false}") boolean benchBus) throws Exception {
        ProblemSecurityHandlers handlers = new ProblemSecurityHandlers(problems, "Bearer");
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        http.csrf(csrf -> csrf.disable())
                // admin API requests and saga actions, refused ones included, are records of the audit chain
                .addFilterAfter(new AccessLogFilter(audit, auditKeys), SecurityContextHolderFilter.class)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives(API_CSP))
                        .referrerPolicy(r -> r.policy(ReferrerPolicy.NO_REFERRER)))
                // closed unless hub.security.cors.allowed-origins lists the origin; refusals are 403 problems
                .addFilterAfter(new ProblemCorsFilter(cors, problems), HeaderWriterFilter.class)
                .authorizeHttpRequests(a -> {
                    // platform-http answers asynchronously: the ASYNC re-dispatch of an already authorized
                    // request (and the ERROR dispatch) must not be authorized a second time
                    a.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers("/error").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/v1/auth/token").permitAll()
                        .requestMatchers(HttpMethod.GET, "/.well-known/jwks.json", "/api/v1/openapi.json").permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        // platforms' metrics webhooks: no token, the body's HMAC signature is checked by the route
                        // (pipelines/experiments/PublicationMetrics); any other method there needs a token
                        .requestMatchers(HttpMethod.POST, "/api/v1/publications/*/metrics").permitAll();
                    if (benchEcho || benchBus) {
                        // bench profile only: the baselines bench/*.sh measure against
                        a.requestMatchers("/api/v1/bench/**").permitAll();
                    }
                    if (sandbox) {
                        // the stand-in social platform (hub.publish.sandbox): the hub calls it over loopback with
                        // no account; from anywhere else it needs a token like the rest of the API
                        a.requestMatchers(new AndRequestMatcher(paths.matcher("/api/v1/sandbox/**"),
                                SecurityConfiguration::fromLoopback)).permitAll();
                    }
                    a.requestMatchers("/actuator/prometheus").hasAnyRole(OPERATOR, SUPERADMIN, AUDITOR)
                        .requestMatchers("/api/v1/admin/users/**", "/api/v1/admin/users",
                                "/api/v1/admin/api-keys/**", "/api/v1/admin/api-keys",
                                "/api/v1/admin/keys/**", "/api/v1/admin/keys",
                                // erasing a data subject and reading its receipt
                                "/api/v1/admin/subjects/*/erase", "/api/v1/admin/erasures/**").hasRole(SUPERADMIN)
                        // the audit log: auditors and superadmins only (operators' actions are what it records)
                        .requestMatchers("/api/v1/admin/audit/**", "/api/v1/admin/audit").hasAnyRole(AUDITOR, SUPERADMIN)
                        // operator routes: auditors may read what runs and what changed, operators change it
                        .requestMatchers(HttpMethod.GET, "/api/v1/admin/routes", "/api/v1/admin/routes/**")
                            .hasAnyRole(AUDITOR, OPERATOR, SUPERADMIN)
                        // policies: auditors may read which rules judge and who changed them, operators change them
                        .requestMatchers(HttpMethod.GET, "/api/v1/admin/policies", "/api/v1/admin/policies/**")
                            .hasAnyRole(AUDITOR, OPERATOR, SUPERADMIN)
                        // agents and the context inspector: auditors see them, operators pause, resume, restart and terminate agents
                        .requestMatchers(HttpMethod.GET, "/api/v1/admin/agents", "/api/v1/admin/agents/*",
                                "/api/v1/admin/contexts/*", "/api/v1/admin/metrics", "/api/v1/admin/logs",
                                "/api/v1/admin/logs/stream", "/api/v1/admin/stream", "/api/v1/admin/alerts")
                            .hasAnyRole(AUDITOR, OPERATOR, SUPERADMIN)
                        .requestMatchers("/api/v1/admin/**").hasAnyRole(OPERATOR, SUPERADMIN)
                        // the saga list and every saga action are for operators (a run's owner may only read it)
                        // the template registry: auditors read it, operators make and remove instances
                        .requestMatchers(HttpMethod.GET, "/api/v1/pipelines/templates", "/api/v1/pipelines/templates/**")
                            .hasAnyRole(OPERATOR, AUDITOR, SUPERADMIN)
                        .requestMatchers("/api/v1/pipelines/templates", "/api/v1/pipelines/templates/**")
                            .hasAnyRole(OPERATOR, SUPERADMIN)
                        .requestMatchers(HttpMethod.GET, "/api/v1/sagas").hasAnyRole(OPERATOR, SUPERADMIN)
                        .requestMatchers(HttpMethod.POST, "/api/v1/sagas/**").hasAnyRole(OPERATOR, SUPERADMIN)
                        // shared knowledge is curated by operators; every user may search it
                        .requestMatchers(HttpMethod.POST, "/api/v1/knowledge/**").hasAnyRole(OPERATOR, SUPERADMIN)
                        .requestMatchers(HttpMethod.DELETE, "/api/v1/knowledge/**").hasAnyRole(OPERATOR, SUPERADMIN)
                        // A/B experiments: operators run them, auditors may read them
                        .requestMatchers(HttpMethod.GET, "/api/v1/experiments/**").hasAnyRole(OPERATOR, AUDITOR, SUPERADMIN)
                        .requestMatchers("/api/v1/experiments/**", "/api/v1/experiments").hasAnyRole(OPERATOR, SUPERADMIN)
                        // trends: every user reads them; operators upload signals, auditors see the sources
                        .requestMatchers(HttpMethod.POST, "/api/v1/trends/signals").hasAnyRole(OPERATOR, SUPERADMIN)
                        .requestMatchers(HttpMethod.GET, "/api/v1/trends/sources").hasAnyRole(OPERATOR, AUDITOR, SUPERADMIN)
                        // analytics: aggregates of every user's activity, for the people who run the hub
                        .requestMatchers(HttpMethod.GET, "/api/v1/analytics/**").hasAnyRole(OPERATOR, AUDITOR, SUPERADMIN)
                        // campaigns: users run them in their sessions, operators in any; auditors only read them
                        .requestMatchers(HttpMethod.POST, "/api/v1/campaigns", "/api/v1/campaigns/**")
                            .hasAnyRole(USER, OPERATOR, SUPERADMIN)
                        .requestMatchers("/api/**").hasAnyRole(USER, OPERATOR, AUDITOR, SUPERADMIN)
                        .anyRequest().authenticated();
                })
                .oauth2ResourceServer(o -> o.jwt(j -> j.decoder(decoder).jwtAuthenticationConverter(converter))
                        .authenticationEntryPoint(handlers).accessDeniedHandler(handlers))
                .exceptionHandling(e -> e.authenticationEntryPoint(handlers).accessDeniedHandler(handlers))
                .addFilterBefore(apiKeys, BearerTokenAuthenticationFilter.class);
        return http.build();
    }

    /** The request comes from this machine (its remote address is a loopback address). */
    static boolean fromLoopback(HttpServletRequest request) {
        try {
            // a literal address: no name lookup
            return InetAddress.getByName(request.getRemoteAddr()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** HTTP Basic for the console, through the same throttled password check as the token endpoint. */
    private static AuthenticationProvider throttledPasswordProvider(TokenService tokens) {
        return new AuthenticationProvider() {
            @Override
            public org.springframework.security.core.Authentication authenticate(
                    org.springframework.security.core.Authentication authentication) {
                String ip = authentication.getDetails() instanceof WebAuthenticationDetails d
                        ? d.getRemoteAddress() : "unknown";
                try {
                    UserStore.User user = tokens.authenticate(authentication.getName(),
                            String.valueOf(authentication.getCredentials()), ip);
                    return UsernamePasswordAuthenticationToken.authenticated(user.id().toString(), null,
                            user.roles().stream().map(r -> new SimpleGrantedAuthority("ROLE_" + r)).toList());
                } catch (RuntimeException e) {
                    throw new BadCredentialsException("Bad credentials");
                }
            }

            @Override
            public boolean supports(Class<?> type) {
                return UsernamePasswordAuthenticationToken.class.isAssignableFrom(type);
            }
        };
    }
}
