package com.misybot.hub.bus;

import com.fasterxml.jackson.databind.JsonNode;
import com.misybot.hub.platform.SqlFiles;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The analytics events the hub's writers put in the transactional outbox for agent {@code analytics-reporter}: an
 * agent task answered or dead-lettered, an LLM call, a pipeline run's end, a publication's metrics. Each event is
 * written in the same transaction as the fact it reports, so it exists if and only if the fact does. When
 * analytics-reporter is not on the bus ({@code hub.bus.agents}) no event is written. {@link #eventFor} writes the
 * same kind of event for another agent.
 */
@Component("analyticsFeed")
public class AnalyticsFeed {

    public static final String AGENT = "analytics-reporter";
    public static final String AGENT_TASK = "analytics.agent-task";
    public static final String LLM_CALL = "analytics.llm-call";
    public static final String PIPELINE_OUTCOME = "analytics.pipeline-outcome";
    public static final String PUBLICATION_METRICS = "analytics.publication-metrics";
    /** Prefix of every analytics event type (the agent's route counts these and answers the rest). */
    public static final String PREFIX = "analytics.";
    /** Prefix of the events the hub sends campaign-orchestrator for its own work (no user's task). */
    public static final String HUB_EVENT_PREFIX = "campaign.";

    private static final Logger LOG = LoggerFactory.getLogger(AnalyticsFeed.class);
    private static final Pattern CORRELATION = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** An outbox row: nulls (no row) when analytics-reporter is not on the bus. */
    public record Outgoing(String messageId, String agent, String envelope, String headers) {
        static final Outgoing NONE = new Outgoing(null, null, null, null);

        /** As the named parameters of the outbox inserts (messageId, targetAgent, envelope, busHeaders). */
        public Map<String, Object> params() {
            Map<String, Object> params = new HashMap<>();
            params.put("messageId", messageId);
            params.put("targetAgent", agent);
            params.put("envelope", envelope);
            params.put("busHeaders", headers);
            return params;
        }
    }

    private static final String INSERT = SqlFiles.load("analytics-outbox-insert.sql");

    private final EnvelopeCodec envelopes;
    private final NamedParameterJdbcTemplate jdbc;
    private final boolean on;
    private final java.util.List<String> agents;

    public AnalyticsFeed(EnvelopeCodec envelopes, NamedParameterJdbcTemplate jdbc, BusProperties bus) {
        this.envelopes = envelopes;
        this.jdbc = jdbc;
        this.agents = java.util.List.copyOf(bus.agents());
        this.on = agents.contains(AGENT);
    }

    public boolean on() {
        return on;
    }

    /** An event of {@code type}; {@code payload} gains occurredAt. The event id is the envelope's messageId. */
    public Outgoing event(String type, String correlationId, Map<String, Object> payload) {
        return event(type, UUID.randomUUID(), correlationId, payload);
    }

    /** An event whose id the caller fixes, so that the same fact written twice is counted once. */
    public Outgoing event(String type, UUID eventId, String correlationId, Map<String, Object> payload) {
        return on ? outgoing(AGENT, type, eventId, correlationId, payload) : Outgoing.NONE;
    }

    /**
     * An event of {@code type} for another agent on the bus (a campaign's round for campaign-orchestrator), written
     * through the same outbox; nothing when {@code agent} is not in {@code hub.bus.agents}.
     */
    public Outgoing eventFor(String agent, String type, UUID eventId, Map<String, Object> payload) {
        return agents.contains(agent) ? outgoing(agent, type, eventId, null, payload) : Outgoing.NONE;
    }

    private Outgoing outgoing(String agent, String type, UUID eventId, String correlationId,
                              Map<String, Object> payload) {
        Map<String, Object> body = new LinkedHashMap<>(payload);
        body.putIfAbsent("occurredAt", Instant.now().toString());
        String messageId = eventId.toString();
        // the event belongs to the request that caused it; a correlation id the envelope cannot carry gets its own
        String correlation = correlationId != null && CORRELATION.matcher(correlationId).matches() ? correlationId
                : messageId;
        Envelope envelope = new Envelope(messageId, type, 1, agent, null, correlation, null,
                Envelope.DEFAULT_PRIORITY, Instant.now().toString(), body);
        return new Outgoing(envelope.messageId(), agent, envelopes.toJson(envelope),
                envelopes.headersJson(Map.of(BusHeaders.CORRELATION_ID, correlation)));
    }

    /** Writes {@code event} to the outbox, in the caller's transaction when there is one. */
    public void write(Outgoing event) {
        if (event.agent() != null) {
            jdbc.update(INSERT, event.params());
        }
    }

    /**
     * The id of the task event of {@code agent} answering user turn {@code turnId}: the reply and a dead letter of
     * the same task share it, so a task is counted once (the first event written wins); random without a turn.
     */
    public static UUID taskEventId(String agent, String turnId) {
        return turnId == null ? UUID.randomUUID()
                : UUID.nameUUIDFromBytes(("agent-task:" + agent + ":" + turnId).getBytes(StandardCharsets.UTF_8));
    }

    /** A message an agent could not process failed for good (route agent-bus-dead-letter): a failed task. */
    public void deadLettered(Exchange exchange) {
        String agent = exchange.getVariable(BusHeaders.VAR_AGENT, String.class);
        JsonNode tree = exchange.getVariable(BusHeaders.VAR_TREE, JsonNode.class);
        String type = tree == null ? "" : tree.path("type").asText("");
        if (agent == null || tree == null || type.startsWith(PREFIX) || type.startsWith(HUB_EVENT_PREFIX)) {
            // an analytics event analytics-reporter could not count is no task (and no loop when it cannot count);
            // nor is an event the hub sent an agent for itself (a campaign's round)
            return;
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("agent", agent);
        payload.put("ownerId", tree.at("/payload/ownerId").asText(null));
        payload.put("outcome", "failed");
        payload.put("problem", "dead-lettered");
        try {
            write(event(AGENT_TASK, taskEventId(agent, tree.at("/payload/turnId").asText(null)),
                    tree.path("correlationId").asText(null), payload));
        } catch (RuntimeException e) {
            // the message is already in its dead-letter queue: a failed write must not make the route send it again
            LOG.warn("The analytics event of a dead letter of {} was not written: {}", agent, e.getMessage());
        }
    }
}
