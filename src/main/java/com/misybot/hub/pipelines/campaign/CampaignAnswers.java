package com.misybot.hub.pipelines.campaign;

import com.misybot.hub.agents.AgentReply;
import com.misybot.hub.agents.AgentTask;
import com.misybot.hub.bus.Envelope;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * campaign-orchestrator's answer to a user ("how is my campaign doing?"): that user's latest campaigns, each with
 * its state, the variants' runs, observed rates and probability of being the best, and the boost budget spent.
 * Nothing of another user is read; no model call.
 */
@Component
public class CampaignAnswers {

    private final NamedParameterJdbcTemplate jdbc;
    private final CampaignViews views;

    public CampaignAnswers(NamedParameterJdbcTemplate jdbc, CampaignViews views) {
        this.jdbc = jdbc;
        this.views = views;
    }

    public AgentReply answer(Envelope envelope, int latest) {
        AgentTask task = AgentTask.of(envelope);
        List<UUID> ids = jdbc.queryForList("SELECT id FROM campaign WHERE created_by = :owner ORDER BY created_at DESC "
                + "LIMIT :n", new org.springframework.jdbc.core.namedparam.MapSqlParameterSource("owner",
                task.ownerId()).addValue("n", Math.max(1, latest)), UUID.class);
        List<CampaignViews.View> campaigns = ids.stream().map(views::view).filter(java.util.Objects::nonNull).toList();
        return AgentReply.of(task, CampaignRounds.AGENT, text(campaigns));
    }

    static String text(List<CampaignViews.View> campaigns) {
        if (campaigns.isEmpty()) {
            return "You have no campaigns yet. A campaign runs the viralization pipeline in several of your sessions "
                    + "and platforms on a cadence, and sends more runs to the variant that performs best: create one "
                    + "with POST /api/v1/campaigns (README \"Campaigns\").";
        }
        StringBuilder text = new StringBuilder(campaigns.size() == 1 ? "Your campaign:" : "Your latest campaigns:");
        for (CampaignViews.View c : campaigns) {
            long runs = c.launchesByStatus().values().stream().mapToLong(Long::longValue).sum();
            text.append("\n- \"").append(c.name()).append("\": ").append(c.status()).append(", ")
                    .append(c.rounds()).append(c.rounds() == 1 ? " round, " : " rounds, ").append(runs)
                    .append(runs == 1 ? " run" : " runs");
            for (CampaignViews.Arm arm : c.variants()) {
                String observed = arm.observedRate() == null ? "no views yet"
                        : String.format(Locale.ROOT, "%.2f%% %s over %,d views", 100 * arm.observedRate(),
                        "ctr".equals(c.goal()) ? "CTR" : "engagement", arm.trials());
                text.append(String.format(Locale.ROOT, "; %s: %d %s, %s, %.0f%% likely best", arm.name(),
                        arm.launches(), arm.launches() == 1 ? "run" : "runs", observed, 100 * arm.probabilityBest()));
            }
            if (c.budget().totalCents() != null) {
                text.append(String.format(Locale.ROOT, "; boost spent %.2f of %.2f", c.budget().spentCents() / 100.0,
                        c.budget().totalCents() / 100.0));
            }
            text.append('.');
        }
        return text.toString();
    }
}
