package com.misybot.hub.agents.frontdesk;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * {@code direct:front-desk-route}: decides a message's intent (bean {@code intentRouter}) and leaves it in variables
 * for a {@code choice()} in the front-desk agent route; body and headers are not changed.
 */
@Component
public class FrontDeskIntentRoutes extends RouteBuilder {

    /** Header carrying the user's text; without it the body (as text) is routed. */
    public static final String TEXT_HEADER = "hubMessageText";
    /** Variable: agent id or {@value IntentDecision#CLARIFY}. */
    public static final String INTENT = "intent";
    /** Variable: 1.0 for a command, else the best agent's similarity score. */
    public static final String INTENT_CONFIDENCE = "intentConfidence";
    /** Variable: the whole {@link IntentDecision} (text without the command, runner-up, clarifying question). */
    public static final String INTENT_DECISION = "intentDecision";

    @Override
    public void configure() {
        from("direct:front-desk-route").routeId("front-desk-route")
                // the text header wins; a plain-text body is the fallback
                .choice()
                    .when(header(TEXT_HEADER).isNotNull())
                        .setVariable(INTENT_DECISION, method("intentRouter", "decide(${header." + TEXT_HEADER + "})"))
                    .otherwise()
                        .setVariable(INTENT_DECISION, method("intentRouter", "decide(${bodyAs(String)})"))
                .end()
                .setVariable(INTENT, simple("${variable." + INTENT_DECISION + ".intent()}"))
                .setVariable(INTENT_CONFIDENCE, simple("${variable." + INTENT_DECISION + ".confidence()}",
                        Double.class));
    }
}
