package com.misybot.hub.agents.frontdesk;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.misybot.hub.platform.YamlErrors;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and checks {@code config/agents.yaml}. Every rule broken stops the start with a message naming the file, the
 * agent and the rule, so a typo never silently sends users to the wrong agent.
 */
public final class AgentCatalogLoader {

    /** Fewest examples an enabled agent needs for its score to mean something. */
    public static final int MIN_EXAMPLES = 3;

    private static final Pattern KEBAB = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    private static final Pattern COMMAND = Pattern.compile("/[a-z][a-z0-9-]*");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private AgentCatalogLoader() {
    }

    /** Parses and validates; {@code source} names the file in messages, {@code knownAgents} are the hub's agents. */
    public static AgentCatalog load(InputStream in, String source, Collection<String> knownAgents) {
        AgentCatalog catalog;
        try {
            catalog = YAML.readValue(in, AgentCatalog.class);
        } catch (JacksonException e) {
            throw new AgentCatalogException(source + " is not a valid agents file" + YamlErrors.path(e) + YamlErrors.line(e) + ": "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new AgentCatalogException(source + " cannot be read: " + e.getMessage(), e);
        }
        if (catalog == null) {
            throw new AgentCatalogException(source + " is empty");
        }
        validate(catalog, source, knownAgents);
        return catalog;
    }

    private static void validate(AgentCatalog catalog, String source, Collection<String> knownAgents) {
        List<AgentCatalog.Agent> agents = catalog.agents();
        if (agents == null || agents.stream().noneMatch(a -> a != null && a.isEnabled())) {
            throw new AgentCatalogException(source + ": 'agents' must list at least one enabled agent");
        }
        Set<String> ids = new HashSet<>();
        Map<String, String> commands = new HashMap<>();
        for (int i = 0; i < agents.size(); i++) {
            AgentCatalog.Agent agent = agents.get(i);
            String where = source + ": agents[" + i + "]";
            if (agent == null || agent.id() == null || agent.id().isBlank()) {
                throw new AgentCatalogException(where + " has no id");
            }
            where = source + ": agent '" + agent.id() + "'";
            if (!KEBAB.matcher(agent.id()).matches()) {
                throw new AgentCatalogException(where + ": the id must be kebab-case (it is the agent's queue name)");
            }
            if (!knownAgents.contains(agent.id())) {
                throw new AgentCatalogException(where + " is unknown; known agents (hub.agents.routing.known-agents): "
                        + String.join(", ", knownAgents));
            }
            if (!ids.add(agent.id())) {
                throw new AgentCatalogException(where + " is listed twice");
            }
            if (isBlank(agent.label())) {
                throw new AgentCatalogException(where + " has no label (the clarifying question names agents by it)");
            }
            if (isBlank(agent.description())) {
                throw new AgentCatalogException(where + " has no description");
            }
            long examples = agent.examples() == null ? 0
                    : agent.examples().stream().filter(e -> !isBlank(e)).count();
            int needed = agent.isEnabled() ? MIN_EXAMPLES : 1;
            if (examples < needed) {
                throw new AgentCatalogException(where + " has " + examples + " example(s); it needs at least "
                        + needed + " natural user requests under 'examples'");
            }
            if (agent.isEnabled() && agent.command() == null) {
                throw new AgentCatalogException(where + " has no command (e.g. /faq); every enabled agent has one");
            }
            for (String command : agent.commands()) {
                if (!COMMAND.matcher(command).matches()) {
                    throw new AgentCatalogException(where + ": command '" + command
                            + "' must be a slash and a word, e.g. /script");
                }
                String other = commands.put(command, agent.id());
                if (other != null) {
                    throw new AgentCatalogException(where + ": command " + command + " is already used by agent '"
                            + other + "'");
                }
            }
        }
        AgentCatalog.Router router = catalog.router();
        if (router == null || router.scoring() == null || router.thresholds() == null) {
            throw new AgentCatalogException(source + ": 'router' needs scoring and thresholds");
        }
        if (router.scoring() == AgentCatalog.Scoring.TOP_K_MEAN && (router.topK() == null || router.topK() < 1)) {
            throw new AgentCatalogException(source + ": router.top-k must be at least 1 with scoring top-k-mean");
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
