package com.misybot.hub.support;

import com.arjuna.ats.arjuna.common.CoordinatorEnvironmentBean;
import com.arjuna.ats.arjuna.common.ObjectStoreEnvironmentBean;
import com.arjuna.ats.arjuna.common.RecoveryEnvironmentBean;
import com.arjuna.ats.arjuna.recovery.RecoveryManager;
import com.arjuna.common.internal.util.propertyservice.BeanPopulator;
import com.fasterxml.jackson.jakarta.rs.json.JacksonJsonProvider;
import io.narayana.lra.coordinator.api.Coordinator;
import io.narayana.lra.coordinator.internal.Implementations;
import io.undertow.Undertow;
import jakarta.ws.rs.core.Application;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;
import org.jboss.resteasy.plugins.server.undertow.UndertowJaxrsServer;

/**
 * The real Narayana LRA coordinator ({@code org.jboss.narayana.lra:lra-coordinator-jar}, its Jakarta REST resource
 * {@link Coordinator}) served in-process by RESTEasy on Undertow, on a free port of 127.0.0.1, for tests.
 *
 * <p>{@link #baseUrl()} is what {@code camel.lra.coordinator-url} takes (the coordinator context path
 * {@code /lra-coordinator} is Camel's default); {@link #coordinatorUrl()} is the coordinator API itself.
 *
 * <p>Narayana keeps its configuration and recovery manager in JVM-wide singletons, so run one coordinator per JVM
 * at a time: {@link #start()} refuses a second while one runs. The object store (the coordinator's log) lives in a
 * temporary directory chosen once per JVM, before the store is first used; {@link #stop()} leaves it for a later
 * {@link #start()} in the same JVM (LRAs still in it are recovered) and it is deleted when the JVM exits. The
 * recovery listener socket and the transaction status manager are switched off, so no fixed ports are taken.
 */
public final class LraCoordinator implements AutoCloseable {

    /** Context path of the coordinator resource ({@code @Path("lra-coordinator")}). */
    public static final String CONTEXT_PATH = "/lra-coordinator";

    private static Path objectStore;
    private static LraCoordinator running;

    private final Server server;
    private final int port;
    private final long startupMillis;

    private LraCoordinator(Server server, int port, long startupMillis) {
        this.server = server;
        this.port = port;
        this.startupMillis = startupMillis;
    }

    /** Starts the coordinator on a free port. */
    public static synchronized LraCoordinator start() {
        if (running != null) {
            throw new IllegalStateException("an LRA coordinator already runs in this JVM at " + running.baseUrl());
        }
        long started = System.nanoTime();
        configureNarayana();
        Implementations.install();
        RecoveryManager.manager();
        Server server = new Server();
        try {
            server.start(Undertow.builder().addHttpListener(0, "127.0.0.1"));
            server.deploy(CoordinatorApplication.class);
        } catch (RuntimeException e) {
            server.stop();
            stopNarayana();
            throw e;
        }
        running = new LraCoordinator(server, server.port(), (System.nanoTime() - started) / 1_000_000);
        return running;
    }

    /** {@code http://127.0.0.1:port}: the value of {@code camel.lra.coordinator-url}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** {@code http://127.0.0.1:port/lra-coordinator}: the coordinator API (start, close, cancel, status, list). */
    public String coordinatorUrl() {
        return baseUrl() + CONTEXT_PATH;
    }

    public int port() {
        return port;
    }

    /** Wall-clock time {@link #start()} took. */
    public long startupMillis() {
        return startupMillis;
    }

    /** The object store directory (the coordinator's log) of this JVM. */
    public static synchronized Path objectStore() {
        return objectStore;
    }

    /** Stops the HTTP server and Narayana's recovery manager. */
    public void stop() {
        synchronized (LraCoordinator.class) {
            if (running != this) {
                return;
            }
            running = null;
            try {
                server.stop();
            } finally {
                stopNarayana();
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static void configureNarayana() {
        if (objectStore == null) {
            try {
                objectStore = Files.createTempDirectory("lra-object-store");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path store = objectStore;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(store), "lra-object-store-cleanup"));
            // the default store and the named ones Narayana creates (each bean is configured separately)
            for (String name : new String[] {null, "communicationStore", "stateStore"}) {
                ObjectStoreEnvironmentBean bean = name == null
                        ? BeanPopulator.getDefaultInstance(ObjectStoreEnvironmentBean.class)
                        : BeanPopulator.getNamedInstance(ObjectStoreEnvironmentBean.class, name);
                bean.setObjectStoreDir(objectStore.toString());
            }
            // no recovery listener socket (default port 4712) and no transaction status manager socket
            BeanPopulator.getDefaultInstance(RecoveryEnvironmentBean.class).setRecoveryListener(false);
            BeanPopulator.getDefaultInstance(CoordinatorEnvironmentBean.class).setTransactionStatusManagerEnable(false);
        }
    }

    private static void stopNarayana() {
        try {
            RecoveryManager.manager().terminate();
        } finally {
            Implementations.uninstall();
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // best effort at JVM exit
        }
    }

    /**
     * The coordinator resource as a Jakarta REST application, with Jackson for its JSON lists ({@link Coordinator}
     * is itself an {@code Application} with CDI annotations, meant for a CDI container; none is needed here).
     */
    public static class CoordinatorApplication extends Application {
        @Override
        public Set<Class<?>> getClasses() {
            return Set.of(Coordinator.class, JacksonJsonProvider.class);
        }
    }

    /** Exposes the port Undertow bound. */
    private static final class Server extends UndertowJaxrsServer {
        int port() {
            return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        }
    }
}
