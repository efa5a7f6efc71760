package com.misybot.hub.governance.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import javax.management.ObjectName;
import org.jolokia.server.core.util.HttpMethod;
import org.jolokia.server.core.util.RequestType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/** The console allow-list and Jolokia's restrictor over it, without a server. */
class ConsolePolicyTest {

    private static final ObjectName CONTEXT = name("org.apache.camel:context=misybot-hub,type=context,name=\"misybot-hub\"");
    private static final ObjectName ROUTE = name("org.apache.camel:context=misybot-hub,type=routes,name=\"hub-info\"");

    private final ConsoleRestrictor restrictor = new ConsoleRestrictor();

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void should_refuse_everything_when_nobody_is_authenticated() {
        assertThat(restrictor.isTypeAllowed(RequestType.READ)).isFalse();
        assertThat(restrictor.isAttributeReadAllowed(ROUTE, "State")).isFalse();
        assertThat(restrictor.isOperationAllowed(ROUTE, "stop")).isFalse();
    }

    @Test
    void should_never_allow_sending_requesting_updating_or_writing_whatever_the_role() {
        for (String role : Roles.ALL) {
            // given
            login(role);

            // then
            for (String operation : List.of("sendBody", "requestBody(java.lang.String,java.lang.Object)",
                    "sendBodyAndHeaders", "requestStringBody", "createEndpoint", "removeEndpoints", "stop", "restart",
                    "addOrUpdateRoutesFromXml", "setTracing", "setGlobalOption", "startAllRoutes")) {
                assertThat(restrictor.isOperationAllowed(CONTEXT, operation)).as(role + " " + operation).isFalse();
            }
            assertThat(restrictor.isOperationAllowed(ROUTE, "updateRouteFromXml")).isFalse();
            assertThat(restrictor.isOperationAllowed(ROUTE, "remove")).isFalse();
            assertThat(restrictor.isAttributeWriteAllowed(ROUTE, "Tracing")).isFalse();
            assertThat(restrictor.isTypeAllowed(RequestType.WRITE)).isFalse();
            assertThat(restrictor.isTypeAllowed(RequestType.NOTIFICATION)).isFalse();
            assertThat(restrictor.isOperationAllowed(name("java.util.logging:type=Logging"), "setLoggerLevel")).isFalse();
        }
    }

    @Test
    void should_let_operators_steer_routes_and_auditors_only_read() {
        // operator
        login(Roles.OPERATOR);
        assertThat(restrictor.isOperationAllowed(ROUTE, "stop()")).isTrue();
        assertThat(restrictor.isOperationAllowed(ROUTE, "start")).isTrue();
        assertThat(restrictor.isOperationAllowed(ROUTE, "suspend")).isTrue();
        assertThat(restrictor.isOperationAllowed(ROUTE, "reset(boolean)")).isTrue();
        assertThat(restrictor.isOperationAllowed(CONTEXT, "dumpRoutesAsXml")).isTrue();

        // auditor
        login(Roles.AUDITOR);
        assertThat(restrictor.isAttributeReadAllowed(ROUTE, "State")).isTrue();
        assertThat(restrictor.isOperationAllowed(CONTEXT, "dumpRoutesAsXml")).isTrue();
        assertThat(restrictor.isOperationAllowed(ROUTE, "stop")).isFalse();
        assertThat(restrictor.isOperationAllowed(name("org.apache.camel:context=misybot-hub,type=services,"
                + "name=DefaultInflightRepository"), "browse")).isFalse();

        // user
        login(Roles.USER);
        assertThat(restrictor.isAttributeReadAllowed(ROUTE, "State")).isFalse();
        assertThat(restrictor.isTypeAllowed(RequestType.LIST)).isFalse();
    }

    @Test
    void should_refuse_an_operation_no_rule_names_and_patterns() {
        login(Roles.SUPERADMIN);
        assertThat(restrictor.isOperationAllowed(ROUTE, "someOperationOfAFutureCamel")).isFalse();
        assertThat(restrictor.isOperationAllowed(name("org.apache.camel:type=routes,*"), "stop")).isFalse();
        assertThat(restrictor.isAttributeReadAllowed(name("com.sun.management:type=HotSpotDiagnostic"), "x")).isFalse();
        assertThat(restrictor.isObjectNameHidden(name("org.springframework.boot:type=Admin,name=SpringApplication")))
                .isTrue();
        assertThat(restrictor.isHttpMethodAllowed(HttpMethod.GET)).isFalse();
        assertThat(restrictor.isOriginAllowed("https://evil.example", false)).as("no CORS headers").isFalse();
    }

    @Test
    void should_answer_hawtios_can_invoke_from_the_policy() throws Exception {
        // given
        ConsoleJmxSecurity security = new ConsoleJmxSecurity();
        String route = ROUTE.toString();
        java.util.Map<String, List<String>> query = java.util.Map.of(route, List.of("stop()", "remove()"));

        // when / then
        login(Roles.OPERATOR);
        assertThat(security.canInvoke(route, "stop()")).isTrue();
        javax.management.openmbean.TabularData operator = security.canInvoke(query);
        assertThat(operator.get(new Object[] {route, "stop()"}).get("CanInvoke")).isEqualTo(true);
        assertThat(operator.get(new Object[] {route, "remove()"}).get("CanInvoke")).isEqualTo(false);
        login(Roles.AUDITOR);
        assertThat(security.canInvoke(route, "stop()")).isFalse();
        assertThat(security.canInvoke(route)).isTrue();
        assertThat(security.canInvoke(query).get(new Object[] {route, "stop()"}).get("CanInvoke")).isEqualTo(false);
        assertThat(security.canInvoke("not an object name", "stop")).isFalse();
    }

    private static void login(String role) {
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                "u", null, Set.of(new SimpleGrantedAuthority("ROLE_" + role))));
    }

    private static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
