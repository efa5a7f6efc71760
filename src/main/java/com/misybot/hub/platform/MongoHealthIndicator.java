package com.misybot.hub.platform;

import com.mongodb.client.MongoClient;
import org.bson.Document;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/** Readiness contributor "mongo": pings the hub's MongoDB database with the driver. */
@Component("mongoHealthIndicator")
public class MongoHealthIndicator extends AbstractHealthIndicator {

    private final MongoClient client;
    private final HubProperties properties;

    public MongoHealthIndicator(MongoClient client, HubProperties properties) {
        super("MongoDB health check failed");
        this.client = client;
        this.properties = properties;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Document result = client.getDatabase(properties.mongo().database()).runCommand(new Document("ping", 1));
        builder.up().withDetail("ping", result.get("ok"));
    }
}
