package com.misybot.hub.processors;

import com.misybot.hub.agents.AgentReply;
import com.misybot.hub.agents.analytics.PerformanceAnswers;
import com.misybot.hub.bus.Envelope;
import org.apache.camel.Exchange;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.stereotype.Component;

/**
 * {@code analyticsAnswer}: analytics-reporter's answer to a user's question about their posts, over the window and
 * with the number of best posts kamelet analytics-answer-action sets.
 */
@Component("analyticsAnswer")
public class AnalyticsAnswer {

    private final PerformanceAnswers answers;

    public AnalyticsAnswer(PerformanceAnswers answers) {
        this.answers = answers;
    }

    public AgentReply answer(Envelope envelope, Exchange exchange) {
        String window = BehaviourVariables.text(exchange, "analyticsWindow");
        Integer best = BehaviourVariables.whole(exchange, "analyticsBest");
        return answers.answer(envelope, DurationStyle.detectAndParse(window == null ? "30d" : window),
                best == null ? 3 : best);
    }
}
