package com.misybot.hub.pipelines.campaign;

import com.misybot.hub.platform.web.IngressRouteBuilder;
import com.misybot.hub.platform.web.JsonReplies;
import org.apache.camel.LoggingLevel;
import org.springframework.stereotype.Component;

/**
 * Campaign-orchestrator's platform side: the campaigns API, route {@code campaign-rounds} (every
 * hub.campaigns.tick-millis: ends what is over and sends each due round to the agent's queue; one replica) and
 * route {@code campaign-round}, which the agent's YAML route calls for a {@value CampaignRounds#ROUND} event.
 */
@Component
public class CampaignRoutes extends IngressRouteBuilder {

    public CampaignRoutes(JsonReplies replies) {
        super(replies);
    }

    @Override
    public void configure() {
        rest("/campaigns").tag("campaigns")
                .post().id("rest-campaigns-create")
                    .description("Create a campaign {name, sessions[], platforms[], goal, brief?, budget?, start, "
                            + "end, cadence?, variants?}: every cadence from start to end, one viralization run per "
                            + "session (whose owner granted marketing consent) and platform, its variant chosen by "
                            + "Thompson sampling over the observed rates → 201 {campaignId}")
                    .consumes("application/json").produces("application/json").to("direct:campaigns-create")
                .get().id("rest-campaigns-list")
                    .description("The caller's campaigns (every campaign for operators and auditors), newest first")
                    .produces("application/json").to("direct:campaigns-list")
                .get("/{campaignId}").id("rest-campaign-get")
                    .description("A campaign: state, variants (launches, observed rate, P(best)), budget spent "
                            + "and left, the latest launches, boosts and decisions with their reasons")
                    .produces("application/json").to("direct:campaign-get")
                .post("/{campaignId}/stop").id("rest-campaign-stop")
                    .description("Stop a campaign: no round starts after this (runs already launched carry on)")
                    .produces("application/json").to("direct:campaign-stop");

        jsonIngress("campaigns-create", "campaign-create.request.json").bean("campaigns", "create")
                .process(reply(201));
        ingress("campaigns-list").bean("campaigns", "list").process(reply(200));
        ingress("campaign-get", "campaignId").bean("campaigns", "get").process(reply(200));
        ingress("campaign-stop", "campaignId").bean("campaigns", "stop").process(reply(200));

        // a campaign.round event from the agent's queue; errors go back to the agent route (route configuration
        // agent-bus: retries, then its dead-letter queue; a malformed event at once)
        from("direct:campaign-round").routeId("campaign-round")
                .errorHandler(noErrorHandler())
                .bean("campaignRounds", "round")
                .log("Campaign ${body.campaignId()} round ${body.round()}: planned ${body.planned()}, "
                        + "${body.launched()} run(s) launched, ${body.failed()} failed");

        from("timer:campaign-rounds?delay=3000&period={{hub.campaigns.tick-millis}}")
                .routeId("campaign-rounds")
                .errorHandler(noErrorHandler())
                .bean("campaignRounds", "tick")
                .filter(body().isGreaterThan(0))
                    .log(LoggingLevel.DEBUG, "${body} campaign round(s) sent");
    }
}
