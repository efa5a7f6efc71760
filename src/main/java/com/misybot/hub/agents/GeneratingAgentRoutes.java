package com.misybot.hub.agents;

import com.misybot.hub.bus.AgentBusRouteConfiguration;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The generating agents {@code creative-synthesizer} and {@code video-scriptor}: the task's context snapshot is
 * read, the agent's processor generates (LLM port), the pieces are stored as {@code generated_artifact} rows and
 * embedded into semantic memory, and the reply becomes the assistant turn.
 */
@Component
public class GeneratingAgentRoutes extends RouteBuilder {

    /** Agent id → its processor bean (method {@code generate(SnapshotView, AgentTask)}). */
    private static final String[][] AGENTS = {
        {"creative-synthesizer", "creativeSynthesizer"},
        {"video-scriptor", "videoScriptor"},
    };

    @Override
    public void configure() {
        for (String[] agent : AGENTS) {
            from("kamelet:agent-bus-source?agent=" + agent[0]).routeId(agent[0])
                    .routeConfigurationId(AgentBusRouteConfiguration.ID)
                    .setVariable("task", method(AgentTask.class, "of"))
                    .setVariable("snapshotRef", simple("${variable.task.snapshotRef()}"))
                    .to("direct:context-snapshot-read")
                    .bean(agent[1], "generate")
                    .to("direct:agent-generated");
        }

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
