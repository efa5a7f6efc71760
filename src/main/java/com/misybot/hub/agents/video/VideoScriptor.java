package com.misybot.hub.agents.video;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.misybot.hub.agents.AgentBehaviour;
import com.misybot.hub.agents.AgentProperties;
import com.misybot.hub.agents.AgentReplies;
import com.misybot.hub.agents.AgentReply;
import com.misybot.hub.agents.AgentTask;
import com.misybot.hub.agents.Generated;
import com.misybot.hub.agents.GenerationSupport;
import com.misybot.hub.agents.creative.Topics;
import com.misybot.hub.ai.EmbeddingService;
import com.misybot.hub.ai.LlmPort;
import com.misybot.hub.ai.LlmResponse;
import com.misybot.hub.memory.ContextSnapshots;
import com.misybot.hub.memory.vector.HybridSearch;
import com.misybot.hub.memory.vector.VectorDocument;
import com.misybot.hub.memory.vector.VectorHit;
import com.misybot.hub.memory.vector.VectorIndex;
import com.misybot.hub.memory.vector.VectorQuery;
import com.misybot.hub.platform.ProblemException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;

/**
 * video-scriptor: finds the closest script templates by meaning (a knowledge collection), writes a script with timed
 * scenes for the platform the request names, and checks it against the platform rules ({@code config/platforms.yaml});
 * a script that breaks them is regenerated with the violations (as many times as the YAML allows), then rejected
 * with its reasons. Collection, template count, prompt, model parameters and regeneration rule come from the agent's
 * YAML (routes/agents/video-scriptor.camel.yaml, kamelet video-script-action). Offline, scenes follow a hook /
 * problem / demo / proof / call-to-action beat sheet.
 */
@Component("videoScriptor")
public class VideoScriptor {

    public static final String AGENT = "video-scriptor";
    private static final Pattern SECONDS = Pattern.compile("(\\d{1,4})\\s*(?:s|sec|secs|second|seconds)\\b");
    private static final Pattern MINUTES = Pattern.compile("(\\d{1,2})\\s*(?:min|mins|minute|minutes)\\b");
    /** Offline beat sheet: share of the duration, visual, voiceover (%s = topic). */
    private static final String[][] BEATS = {
        {"0.1", "Close-up hook shot of %s, bold on-screen text", "Wait: you need to see %s."},
        {"0.2", "Relatable problem moment, handheld", "We all know the struggle before %s."},
        {"0.35", "Product demo of %s in real use", "Here's how %s fixes it, in seconds."},
        {"0.2", "Social proof: reactions and quick results", "People who tried %s don't go back."},
        {"0.15", "Logo and call to action on screen", "Try %s today: link in bio."},
    };

    private final LlmPort llm;
    private final GenerationSupport support;
    private final EmbeddingService embeddings;
    private final VectorIndex index;
    private final PlatformRules rules;

    public VideoScriptor(LlmPort llm, GenerationSupport support, EmbeddingService embeddings, VectorIndex index,
                         AgentProperties agents, ResourceLoader resources) {
        this.llm = llm;
        this.support = support;
        this.embeddings = embeddings;
        this.index = index;
        AgentProperties.Video video = agents.video() != null ? agents.video()
                : new AgentProperties.Video("classpath:config/platforms.yaml");
        this.rules = new PlatformRules(resources, video.platforms());
    }

    /**
     * A script for the task: the {@code templateCount} closest documents of {@code templates} as examples, and up to
     * {@code ruleRetries} rewrites when the script breaks the platform rules.
     */
    public Generated generate(ContextSnapshots.SnapshotView snapshot, AgentTask task, AgentBehaviour behaviour,
                              String templates, int templateCount, int ruleRetries) throws JsonProcessingException {
        PlatformRules.Platform platform = rules.of(task.text());
        int target = requestedSeconds(task.text(), platform.defaultSeconds());
        // hybrid: a template named by a rare word of the brief ("unboxing", a product code) is found too
        List<VectorHit> closest = templateCount < 1 ? List.of() : HybridSearch.search(index, new VectorQuery(
                embeddings.embed(task.text()), templateCount, Set.of(VectorDocument.KNOWLEDGE), templates, null,
                null, null, null, -1, false), task.text());
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("brief", task.text());
        variables.put("platform", platform.id());
        variables.put("targetSeconds", target);
        variables.put("maxSeconds", platform.maxSeconds());
        variables.put("templates", closest.isEmpty() ? "(none)" : closest.stream()
                .map(h -> "[" + h.document().refId() + "] " + h.document().text()).collect(Collectors.joining("\n")));
        variables.put("context", support.context(snapshot));
        variables.put("constraintNote", "");
        try {
            JsonNode script = write(task, behaviour, variables, target);
            List<String> violations = rules.violations(platform, script);
            for (int n = 0; !violations.isEmpty() && n < ruleRetries; n++) {
                // another try with the rules it broke spelled out, and a length that fits
                variables.put("constraintNote", "\nYour previous script broke these rules: "
                        + String.join("; ", violations) + ". Stay within " + platform.maxSeconds() + " s.");
                variables.put("targetSeconds", Math.min(target, platform.maxSeconds()));
                script = write(task, behaviour, variables, Math.min(target, platform.maxSeconds()));
                violations = rules.violations(platform, script);
            }
            if (!violations.isEmpty()) {
                return new Generated(AgentReply.of(task, AGENT, "I could not write a script that fits "
                        + platform.id() + ": " + String.join("; ", violations) + "."), List.of());
            }
            String templatesUsed = closest.isEmpty() ? "" : "\nBased on templates: "
                    + closest.stream().map(h -> h.document().refId()).collect(Collectors.joining(", "));
            return support.generated(AgentReply.of(task, AGENT, describe(script) + templatesUsed), task, AGENT,
                    "video-script", List.of(script), List.of(script.path("title").asText() + " "
                            + voiceover(script)));
        } catch (ProblemException e) {
            if (behaviour.failsOnError()) {
                throw e;
            }
            return new Generated(AgentReplies.failed(task, AGENT, e), List.of());
        }
    }

    private JsonNode write(AgentTask task, AgentBehaviour behaviour, Map<String, Object> variables, int seconds) {
        variables.put("title", "Script: " + Topics.of(task.text()));
        variables.put("scenes", offlineScenes(Topics.of(task.text()), seconds));
        variables.put("duration", seconds);
        LlmResponse response = llm.complete(behaviour.request(AGENT, variables, task));
        return response.json();
    }

    /** The length the request asks for ("45 seconds", "2 minutes"), else the platform's default. */
    static int requestedSeconds(String text, int fallback) {
        String lower = text.toLowerCase();
        Matcher minutes = MINUTES.matcher(lower);
        if (minutes.find()) {
            return Integer.parseInt(minutes.group(1)) * 60;
        }
        Matcher seconds = SECONDS.matcher(lower);
        return seconds.find() ? Math.max(5, Integer.parseInt(seconds.group(1))) : fallback;
    }

    /** Offline scenes: the beat sheet over {@code seconds}, contiguous whole seconds ending exactly at the end. */
    static List<Map<String, Object>> offlineScenes(String topic, int seconds) {
        List<Map<String, Object>> scenes = new ArrayList<>();
        int start = 0;
        double share = 0;
        for (int i = 0; i < BEATS.length; i++) {
            share += Double.parseDouble(BEATS[i][0]);
            int end = i == BEATS.length - 1 ? seconds : Math.max(start + 1, (int) Math.round(seconds * share));
            Map<String, Object> scene = new LinkedHashMap<>();
            scene.put("start", start);
            scene.put("end", end);
            scene.put("visual", BEATS[i][1].formatted(topic));
            scene.put("voiceover", BEATS[i][2].formatted(topic));
            scenes.add(scene);
            start = end;
        }
        return scenes;
    }

    private static String describe(JsonNode script) {
        StringBuilder out = new StringBuilder(script.path("title").asText()).append(" (")
                .append(script.path("platform").asText()).append(", ")
                .append(script.path("estimatedDurationSeconds").asInt()).append(" s)");
        for (JsonNode scene : script.path("scenes")) {
            out.append("\n[").append(scene.path("start").asInt()).append("-").append(scene.path("end").asInt())
                    .append(" s] ").append(scene.path("visual").asText()).append(" | VO: ")
                    .append(scene.path("voiceover").asText());
        }
        return out.toString();
    }

    private static String voiceover(JsonNode script) {
        StringBuilder out = new StringBuilder();
        script.path("scenes").forEach(s -> out.append(s.path("voiceover").asText()).append(' '));
        return out.toString().strip();
    }
}
