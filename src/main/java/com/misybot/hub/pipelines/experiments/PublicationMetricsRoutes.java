package com.misybot.hub.pipelines.experiments;

import com.misybot.hub.platform.web.IngressRouteBuilder;
import com.misybot.hub.platform.web.JsonReplies;
import org.apache.camel.model.rest.RestParamType;
import org.springframework.stereotype.Component;

/**
 * {@code POST /api/v1/publications/{id}/metrics}: a platform's webhook with the counters of one post, signed with
 * the platform's webhook secret (no token: SecurityConfiguration lets it through, PublicationMetrics checks the
 * signature). A post of a run in an experiment has that experiment evaluated at once, off the request thread.
 */
@Component
public class PublicationMetricsRoutes extends IngressRouteBuilder {

    public PublicationMetricsRoutes(JsonReplies replies) {
        super(replies);
    }

    @Override
    public void configure() {
        rest("/publications").tag("experiments")
                .post("/{id}/metrics").id("rest-publication-metrics-post")
                    .description("A platform reports a publication's cumulative counters {views, likes, shares, "
                            + "clicks, watchTimeSec?}; authenticated by its webhook signature, not a token")
                    .consumes("application/json").produces("application/json")
                    .param().name(WebhookSignature.HEADER).type(RestParamType.header).required(true)
                        .description("sha256=<hex HMAC-SHA256 of the raw body with the platform's webhook secret>")
                    .endParam()
                    .to("direct:publication-metrics-post");

        // the signature header is kept like a path parameter (ingressRequest drops every header), and the body's
        // bytes before JSON parsing: the HMAC covers exactly what was sent
        ingress("publication-metrics-post", "id", PublicationMetrics.SIGNATURE)
                .convertBodyTo(byte[].class)
                .setVariable(PublicationMetrics.RAW_BODY, body())
                .process("jsonBody")
                .to("json-validator:{{hub.ingress.schemas}}/publication-metrics.request.json")
                .bean("publicationMetrics", "record")
                .setVariable("recorded", body())
                .setBody(simple("${body.experimentId}"))
                .wireTap("direct:experiment-evaluate")
                .setBody(variable("recorded"))
                .process(reply(200));
    }
}
