package com.misybot.hub.privacy;

import com.misybot.hub.platform.web.IngressRouteBuilder;
import com.misybot.hub.platform.web.JsonReplies;
import org.springframework.stereotype.Component;

/** PII detection for operators and tests ({@code POST /api/v1/pii/analyze}) and for routes ({@code direct:pii-detect}). */
@Component
public class PiiRoutes extends IngressRouteBuilder {

    public PiiRoutes(JsonReplies replies) {
        super(replies);
    }

    @Override
    public void configure() {
        rest("/pii").tag("privacy")
                .post("/analyze").id("rest-pii-analyze")
                    .description("Find PII in a text: entity type, character offsets (end exclusive) and score")
                    .consumes("application/json").produces("application/json")
                    .to("direct:pii-analyze");

        jsonIngress("pii-analyze", "pii-analyze.request.json")
                .bean("piiAnalysis", "analyze")
                .process(reply(200));

        // body: a text; answer: the PII entities found in it (List<PiiEntity>), for Java and YAML routes
        from("direct:pii-detect").routeId("pii-detect")
                .bean("piiAnalysis", "detect");
    }
}
