package com.misybot.hub.operator;

import com.misybot.hub.operator.validation.RouteValidator;
import com.misybot.hub.operator.validation.RouteSource;
import com.misybot.hub.operator.validation.RouteValidationException;
import com.misybot.hub.governance.audit.AuditEvent;
import com.misybot.hub.governance.audit.AuditLog;
import com.misybot.hub.operator.validation.CamelYamlRouteValidator;
import com.misybot.hub.platform.ProblemException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The operator YAML shipped as files ({@code hub.routes.dir}, every {@code **}{@code /*.camel.yaml}; without that
 * folder the copy packaged in the jar under {@code classpath:routes/}). At start each file becomes its unit's first
 * version; a changed file becomes the active version while the unit still runs a file version, and only a
 * candidate once an operator activated a version through the API. In development ({@code hub.routes.reload}) an
 * edited file is submitted and activated through the same validation; a broken one is reported, never activated.
 */
public class RouteFiles {

    private static final Logger LOG = LoggerFactory.getLogger(RouteFiles.class);
    /** Shipped files are trusted as much as a superadmin's submission, and checked the same way. */
    private static final Set<String> FILE_ROLES = Set.of("superadmin");
    static final String IMPORTER = "system:file-import";
    static final String WATCHER = "system:file-watch";

    /** One file: where it comes from ({@code routes/...} or {@code classpath:routes/...}) and its text. */
    record RouteFile(String source, String text) {
    }

    private final OperatorRoutesProperties properties;
    private final RouteValidator validator;
    private final RouteVersionStore store;
    private final OperatorRouteRegistry registry;
    private final AuditLog audit;
    private final Map<String, String> seen = new ConcurrentHashMap<>();

    public RouteFiles(OperatorRoutesProperties properties, RouteValidator validator, RouteVersionStore store,
                      OperatorRouteRegistry registry, AuditLog audit) {
        this.properties = properties;
        this.validator = validator;
        this.store = store;
        this.registry = registry;
        this.audit = audit;
    }

    /** Imports every file that is not a version yet (at start, before the active versions are loaded). */
    public void importFiles() {
        for (RouteFile file : files()) {
            seen.put(file.source(), CamelYamlRouteValidator.sha256(file.text()));
            RouteSource source;
            try {
                source = validator.validate(file.text(), FILE_ROLES);
            } catch (RouteValidationException e) {
                LOG.error("{} is refused and not imported: {}", file.source(), describe(e));
                continue;
            }
            if (store.has(source.unitId(), source.sha256())) {
                continue;
            }
            Optional<RouteVersion> active = store.active(source.unitId());
            // the file's unit unless an operator took it over (an API version active, or the unit retired); a unit
            // whose file version failed to load takes the corrected file
            boolean fileOwned = active.map(a -> !"api".equals(a.source())).orElseGet(() -> store.latest(
                    source.unitId()).map(l -> l.status() == RouteVersion.Status.FAILED && !"api".equals(l.source()))
                    .orElse(true));
            RouteVersion stored = store.store(source, IMPORTER, file.source(),
                    fileOwned ? RouteVersion.Status.ACTIVE : RouteVersion.Status.CANDIDATE);
            if (!fileOwned) {
                LOG.warn("{} changed, but {} runs {}: the file is stored as candidate v{} (activate it through the "
                        + "admin API)", file.source(), source.unitId(),
                        active.map(a -> "v" + a.version() + " from the admin API").orElse("no active version"),
                        stored.version());
            }
            audit.append(new AuditEvent(IMPORTER, null, "route.import", stored.routeId(), Map.of("version",
                    stored.version(), "sha256", stored.sha256(), "source", file.source(),
                    "status", RouteVersionStore.name(stored.status()))));
        }
    }

    /** Development only: submits and activates each file edited since the last pass. */
    public void reloadEdited() {
        for (RouteFile file : files()) {
            String sha = CamelYamlRouteValidator.sha256(file.text());
            if (sha.equals(seen.put(file.source(), sha))) {
                continue;
            }
            try {
                RouteVersion version = registry.submit(file.text(), WATCHER, FILE_ROLES, file.source());
                registry.activate(version.routeId(), version.version(), WATCHER);
                LOG.info("{} reloaded: {} v{} serves", file.source(), version.routeId(), version.version());
            } catch (RouteValidationException e) {
                LOG.error("{} is refused, nothing changed: {}", file.source(), describe(e));
            } catch (ProblemException e) {
                LOG.error("{} did not start, the previous version serves: {}", file.source(), e.getMessage());
            }
        }
    }

    List<RouteFile> files() {
        Path dir = Path.of(properties.dir());
        return Files.isDirectory(dir) ? fromFolder(dir) : fromClasspath();
    }

    private static List<RouteFile> fromFolder(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            List<RouteFile> files = new ArrayList<>();
            for (Path path : paths.filter(p -> p.getFileName().toString().endsWith(".camel.yaml")).sorted().toList()) {
                String source = (dir.toString() + "/" + dir.relativize(path)).replace('\\', '/');
                files.add(new RouteFile(source, Files.readString(path, StandardCharsets.UTF_8)));
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + dir, e);
        }
    }

    private static List<RouteFile> fromClasspath() {
        try {
            List<RouteFile> files = new ArrayList<>();
            for (Resource resource : new PathMatchingResourcePatternResolver()
                    .getResources("classpath*:routes/**/*.camel.yaml")) {
                String url = resource.getURL().toString();
                String source = "classpath:" + url.substring(url.lastIndexOf("/routes/") + 1);
                files.add(new RouteFile(source, resource.getContentAsString(StandardCharsets.UTF_8)));
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read classpath:routes/", e);
        }
    }

    static String describe(RouteValidationException e) {
        StringBuilder text = new StringBuilder();
        e.errors().forEach(err -> text.append(String.format("%n  line %d, column %d: %s", err.line(), err.column(),
                err.message())));
        return text.toString();
    }

}
