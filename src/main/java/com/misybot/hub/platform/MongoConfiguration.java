package com.misybot.hub.platform;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The hub's MongoDB client: the official driver, pointed at {@code hub.mongo.url} or, in the embedded default and
 * tests, at an in-process wire-protocol server (mongo-java-server, H2 file or memory backend).
 */
@Configuration(proxyBeanMethods = false)
public class MongoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(MongoConfiguration.class);

    @Bean(destroyMethod = "shutdownNow")
    @ConditionalOnProperty(name = "hub.embedded.mongo.enabled", havingValue = "true")
    MongoServer embeddedMongoServer(HubProperties properties) throws IOException {
        MongoBackend backend;
        if (properties.embedded().mongo().persistent()) {
            Path file = Path.of(properties.embedded().dataDir(), "mongo", "hub.mv").toAbsolutePath();
            Files.createDirectories(file.getParent());
            backend = new H2Backend(file.toString());
        } else {
            backend = new MemoryBackend();
        }
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", 0);
        LOG.info("In-process MongoDB server listening on {}", server.getLocalAddress());
        return server;
    }

    @Bean(destroyMethod = "close")
    MongoClient mongoClient(HubProperties properties, ObjectProvider<MongoServer> embedded) {
        MongoServer server = embedded.getIfAvailable();
        String url = server != null
                ? "mongodb://127.0.0.1:" + server.getLocalAddress().getPort()
                : properties.mongo().url();
        return MongoClients.create(url);
    }
}
