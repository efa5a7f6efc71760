package com.misybot.hub.processors;

import com.misybot.hub.ai.LlmPort;
import com.misybot.hub.ai.LlmRequest;
import com.misybot.hub.ai.LlmResponse;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Variable;
import org.springframework.stereotype.Component;

/**
 * {@code llmComplete}: one completion through the LLM port (rate limits, breaker, retries, schema repairs,
 * accounting). The body is the prompt's variables; kamelet llm-complete-action sets the agent, prompt template,
 * output schema and model parameters; variables {@code userId} and {@code sessionId} say whose call it is.
 */
@Component("llmComplete")
public class LlmCompletion {

    private final LlmPort llm;

    public LlmCompletion(LlmPort llm) {
        this.llm = llm;
    }

    public LlmResponse complete(Map<String, Object> variables, @Variable("llmAgent") String agent,
                                @Variable("userId") String userId, @Variable("sessionId") String sessionId,
                                @Header("X-Correlation-Id") String correlationId, Exchange exchange) {
        return llm.complete(new LlmRequest(agent, BehaviourVariables.text(exchange, "agentPrompt"), variables,
                BehaviourVariables.text(exchange, "agentOutputSchema"), userId, sessionId, correlationId,
                BehaviourVariables.decimal(exchange, "agentTemperature"),
                BehaviourVariables.whole(exchange, "agentMaxTokens"),
                BehaviourVariables.whole(exchange, "agentRepairs")));
    }
}
