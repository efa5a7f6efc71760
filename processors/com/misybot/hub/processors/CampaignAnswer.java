package com.misybot.hub.processors;

import com.misybot.hub.agents.AgentReply;
import com.misybot.hub.pipelines.campaign.CampaignAnswers;
import com.misybot.hub.bus.Envelope;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * {@code campaignAnswer}: campaign-orchestrator's answer to a user's question about their campaigns, with the number
 * of latest campaigns kamelet campaign-answer-action sets.
 */
@Component("campaignAnswer")
public class CampaignAnswer {

    private final CampaignAnswers answers;

    public CampaignAnswer(CampaignAnswers answers) {
        this.answers = answers;
    }

    public AgentReply answer(Envelope envelope, Exchange exchange) {
        Integer latest = BehaviourVariables.whole(exchange, "campaignLatest");
        return answers.answer(envelope, latest == null ? 3 : latest);
    }
}
