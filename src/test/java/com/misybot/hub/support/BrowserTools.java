package com.misybot.hub.support;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** What the browser tests (Playwright scripts under src/test/browser driving Debian's Chromium) need installed. */
public final class BrowserTools {

    public static final Path BROWSER_TESTS = Path.of("src/test/browser");
    public static final String CHROMIUM = System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium");
    public static final String HOW_TO_INSTALL = "Install the browser test tools with: bash scripts/services.sh "
            + "(apt-get install chromium nodejs npm, then npm ci in src/test/browser).";

    private BrowserTools() {
    }

    /**
     * Chromium, Node.js and the scripts' npm packages must be there: fails (never skips) with how to install them.
     * Call it from a {@code @BeforeAll}, before the hub starts.
     */
    public static void requireInstalled() throws InterruptedException {
        if (!Files.isExecutable(Path.of(CHROMIUM))) {
            fail("Chromium is not installed at " + CHROMIUM + " (set CHROMIUM_PATH to use another). " + HOW_TO_INSTALL);
        }
        String version;
        try {
            Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            version = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            node.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            fail("Node.js (node) is not on the PATH. " + HOW_TO_INSTALL, e);
            return;
        }
        if (!version.matches("v(2\\d|[3-9]\\d)\\..*")) {
            fail("Node.js 20 or later is needed by playwright-core, found '" + version + "'. " + HOW_TO_INSTALL);
        }
        if (!Files.isRegularFile(BROWSER_TESTS.resolve("node_modules/playwright-core/package.json"))) {
            fail("The browser tests' npm packages are not installed: run npm ci in " + BROWSER_TESTS + ". "
                    + HOW_TO_INSTALL);
        }
    }
}
