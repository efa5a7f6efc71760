package com.misybot.hub.agents.frontdesk;

import com.misybot.hub.ai.EmbeddingService;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/** The {@code intentRouter} bean: agents file read and embedded once at start; a broken file stops the start. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IntentRoutingProperties.class)
public class IntentRoutingConfiguration {

    @Bean
    IntentRouter intentRouter(IntentRoutingProperties properties, EmbeddingService embeddings,
                              ResourceLoader resources) {
        Resource file = resources.getResource(properties.file());
        if (!file.exists()) {
            throw new AgentCatalogException("hub.agents.routing.file " + properties.file() + " does not exist");
        }
        AgentCatalog catalog;
        try (InputStream in = file.getInputStream()) {
            catalog = AgentCatalogLoader.load(in, properties.file(), properties.knownAgents());
        } catch (IOException e) {
            throw new AgentCatalogException(properties.file() + " cannot be read: " + e.getMessage(), e);
        }
        return new IntentRouter(catalog, embeddings, properties.minConfidence(), properties.minMargin());
    }
}
