package com.misybot.hub.agents;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * What the generating agents ({@code creative-synthesizer}, {@code video-scriptor}, operator YAML in
 * routes/agents/) do with their work, {@code agent-generated}: the pieces are stored as {@code generated_artifact}
 * rows and embedded into semantic memory, and the reply becomes the assistant turn.
 */
@Component
public class GeneratingAgentRoutes extends RouteBuilder {

    @Override
    public void configure() {
        // artifacts first (rows, then vectors), then the reply that points at them
        from("direct:agent-generated").routeId("agent-generated")
                .setVariable("generated", body())
                .filter(simple("${body.hasArtifacts()}"))
                    .setBody(simple("${body.artifacts()}"))
                    .to("sql:classpath:sql/generated-artifact-insert.sql?batch=true")
                    .setBody(simple("${variable.generated.vectors()}"))
                    .to("direct:vector-upsert")
                .end()
                .setBody(simple("${variable.generated.reply()}"))
                .to("direct:agent-reply");
    }
}
