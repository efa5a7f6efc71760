package com.misybot.hub.agents;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * What the generating agents ({@code creative-synthesizer}, {@code video-scriptor}, operator YAML in
 * routes/agents/) do with their work, {@code agent-generated}: the pieces are stored as {@code generated_artifact}
 * rows and the reply becomes the assistant turn at once; route {@code artifact-embedding} embeds the rows into
 * semantic memory after it (embedding them first kept every caption waiting for three model calls).
 */
@Component
public class GeneratingAgentRoutes extends RouteBuilder {

    @Override
    public void configure() {
        // artifacts first, then the reply that points at them
        from("direct:agent-generated").routeId("agent-generated")
                .setVariable("generated", body())
                .filter(simple("${body.hasArtifacts()}"))
                    .setBody(simple("${body.artifacts()}"))
                    .to("sql:classpath:sql/generated-artifact-insert.sql?batch=true")
                .end()
                .setBody(simple("${variable.generated.reply()}"))
                .to("direct:agent-reply");
    }
}
