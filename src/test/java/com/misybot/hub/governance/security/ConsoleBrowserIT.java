package com.misybot.hub.governance.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.support.BrowserTools;
import com.misybot.hub.support.Http;
import com.misybot.hub.support.HubIntegrationTest;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 in a real browser: the operator can still stop and start a route from Hawtio, the auditor cannot. Runs
 * {@code src/test/browser/console-route-lifecycle.mjs} (Playwright driving Debian's headless Chromium, logged in with
 * HTTP Basic) against this hub, then checks the hub's own records: hub-info is Started and was restarted during the
 * test (JMX), and the audit chain holds the operator's accepted console POSTs and the auditor's one refusal.
 */
class ConsoleBrowserIT extends HubIntegrationTest {

    private static final Path BROWSER_TESTS = BrowserTools.BROWSER_TESTS;
    private static final Path SCRIPT = BROWSER_TESTS.resolve("console-route-lifecycle.mjs");
    private static final Path SCREENSHOTS = Path.of("target/screenshots/console-browser");
    private static final String CHROMIUM = BrowserTools.CHROMIUM;
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(10);
    private static final String ROUTE_MBEAN = "org.apache.camel:context=misybot-hub,type=routes,name=\"hub-info\"";
    private static final String CONSOLE_POSTS = "SELECT (details->>'status')::int FROM audit_log WHERE seq > ? "
            + "AND action = 'http.access' AND actor = ? AND details->>'method' = 'POST' "
            + "AND details->>'path' ~ '^/actuator/(hawtio/)?jolokia/?$' ORDER BY seq";

    /** What the script printed and how it ended. */
    private record Run(int exitCode, String output) {

        JsonNode result() throws IOException {
            String line = output.lines().filter(l -> l.startsWith("RESULT ")).reduce((a, b) -> b)
                    .orElseThrow(() -> new AssertionError("The browser script printed no RESULT line:\n" + output));
            return new ObjectMapper().readTree(line.substring("RESULT ".length()));
        }
    }

    @Test
    void should_let_an_operator_stop_and_start_hub_info_in_hawtio_and_refuse_the_auditor() throws Exception {
        // given
        TestUser operator = user("operator");
        TestUser auditor = user("auditor");
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        ObjectName route = new ObjectName(ROUTE_MBEAN);
        assertThat(jmx.getAttribute(route, "State")).isEqualTo("Started");
        // hub-info is operator YAML: the console shows which unit and version of the route registry it runs
        assertThat((String) jmx.getAttribute(route, "SourceLocation")).startsWith("operator:hub-info@v");
        long lastAuditRecord = jdbc.queryForObject("SELECT coalesce(max(seq), 0) FROM audit_log", Long.class);
        long before = System.nanoTime();

        // when
        Run run = runScript(operator.username(), auditor.username());

        // then: the browser saw every step
        long elapsedMillis = (System.nanoTime() - before) / 1_000_000;
        assertThat(run.exitCode()).as("browser script failed (screenshots in %s):%n%s", SCREENSHOTS.toAbsolutePath(),
                run.output()).isZero();
        JsonNode result = run.result();
        assertThat(result.at("/operator/stopStatus").asInt()).isEqualTo(200);
        assertThat(result.at("/operator/startStatus").asInt()).isEqualTo(200);
        // Hawtio asks canInvoke (ConsoleJmxSecurity, answered by ConsolePolicy): the auditor's Stop is greyed out
        assertThat(result.at("/auditor/stop").asText()).as(run.output()).isEqualTo("not offered");

        // and the hub's own view: hub-info runs, and its uptime began during the test (it was stopped and started)
        assertThat(jmx.getAttribute(route, "State")).isEqualTo("Started");
        assertThat((Long) jmx.getAttribute(route, "UptimeMillis")).isLessThan(elapsedMillis);

        // and the audit chain: the operator's console POSTs all went through; the auditor's stop is its one refusal
        List<Integer> operatorPosts = jdbc.queryForList(CONSOLE_POSTS, Integer.class, lastAuditRecord, operator.id());
        List<Integer> auditorPosts = jdbc.queryForList(CONSOLE_POSTS, Integer.class, lastAuditRecord, auditor.id());
        assertThat(operatorPosts).isNotEmpty().containsOnly(200);
        assertThat(auditorPosts).isNotEmpty().containsOnly(200);
        // and had the button been clicked anyway, the hub refuses the auditor's stop (ConsoleSecurityIT has more)
        Http.Answer forced = http.postJson("/actuator/jolokia", "{\"type\":\"exec\",\"mbean\":\""
                + ROUTE_MBEAN.replace("\"", "\\\"") + "\",\"operation\":\"stop()\"}", Http.bearer(auditor.accessToken()));
        assertProblem(forced, 403, "forbidden");
        assertThat(jmx.getAttribute(route, "State")).isEqualTo("Started");
        assertThat(SCREENSHOTS.resolve("operator-03-hub-info-stopped.png")).isNotEmptyFile();
        assertThat(SCREENSHOTS.resolve("auditor-04-hub-info-still-started.png")).isNotEmptyFile();
    }

    /** Chromium, Node.js and the script's npm packages must be there (fails, never skips, before the hub starts). */
    @BeforeAll
    static void requireBrowserTools() throws InterruptedException {
        BrowserTools.requireInstalled();
    }

    /** Runs the script with a timeout (killing it and its Chromium when it overruns); output kept with the screenshots. */
    private Run runScript(String operator, String auditor) throws IOException, InterruptedException {
        deleteScreenshots();
        Files.createDirectories(SCREENSHOTS);
        Path log = SCREENSHOTS.resolve("console-browser.log");
        ProcessBuilder builder = new ProcessBuilder("node", SCRIPT.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(Map.of(
                "HUB_BASE_URL", "http://127.0.0.1:" + port,
                "HUB_OPERATOR", operator,
                "HUB_AUDITOR", auditor,
                "HUB_PASSWORD", STRONG_PASSWORD,
                "SCREENSHOT_DIR", SCREENSHOTS.toString(),
                "CHROMIUM_PATH", CHROMIUM));
        Process process = builder.start();
        boolean finished = process.waitFor(SCRIPT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        String output = Files.readString(log);
        System.out.println(output);
        if (!finished) {
            fail("The browser script did not finish within " + SCRIPT_TIMEOUT + ":\n" + output);
        }
        return new Run(process.exitValue(), output);
    }

    private static void deleteScreenshots() throws IOException {
        if (Files.isDirectory(SCREENSHOTS)) {
            try (Stream<Path> files = Files.walk(SCREENSHOTS)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }
}
