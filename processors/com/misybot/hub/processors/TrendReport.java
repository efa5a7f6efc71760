package com.misybot.hub.processors;

import com.misybot.hub.agents.AgentReply;
import com.misybot.hub.agents.trends.Trends;
import com.misybot.hub.bus.Envelope;
import org.apache.camel.Exchange;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.stereotype.Component;

/**
 * {@code trendReport}: trend-scanner's answer to the question in the body ("what is trending in fitness on
 * tiktok?"), over the window and with at most the number of trends kamelet trend-report-action sets.
 */
@Component("trendReport")
public class TrendReport {

    private final Trends trends;

    public TrendReport(Trends trends) {
        this.trends = trends;
    }

    public AgentReply report(Envelope envelope, Exchange exchange) {
        String window = BehaviourVariables.text(exchange, "trendWindow");
        Integer limit = BehaviourVariables.whole(exchange, "trendLimit");
        return trends.report(envelope, DurationStyle.detectAndParse(window == null ? "72h" : window),
                limit == null ? 5 : limit);
    }
}
