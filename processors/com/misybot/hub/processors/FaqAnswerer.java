package com.misybot.hub.processors;

import com.misybot.hub.agents.AgentReply;
import com.misybot.hub.agents.faq.FaqResponder;
import com.misybot.hub.bus.Envelope;
import org.apache.camel.Exchange;
import org.apache.camel.Variable;
import org.springframework.stereotype.Component;

/**
 * {@code faqAnswer}: faq-responder's reply to the envelope in the body, with the retrieval and behaviour kamelet
 * faq-answer-action sets (collection, documents, minimum score, prompt, model).
 */
@Component("faqAnswer")
public class FaqAnswerer {

    private final FaqResponder responder;

    public FaqAnswerer(FaqResponder responder) {
        this.responder = responder;
    }

    public AgentReply answer(Envelope envelope, @Variable("retrievalCollection") String collection,
                             @Variable("retrievalDocuments") int documents, Exchange exchange) {
        return responder.answer(envelope, BehaviourVariables.of(exchange), collection, documents,
                BehaviourVariables.decimal(exchange, "retrievalMinScore"));
    }
}
