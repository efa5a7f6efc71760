package com.misybot.hub.pipelines.policy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.misybot.hub.platform.YamlErrors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;

/**
 * Reads and checks the policy files (every {@code *.yaml} of the policies folder, by name) and the platform limits
 * of {@code config/platforms.yaml}. Every broken rule stops the start with a message naming the file and the rule:
 * a typo must never switch a policy off.
 */
public final class PolicyFiles {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** A rule with its patterns compiled; source is the file it came from. */
    record CompiledRule(PolicyRule rule, String source, List<Pattern> patterns, List<Pattern> disclosures) {
    }

    private PolicyFiles() {
    }

    /** One policy's text: its id (the file name without {@code .yaml}), where it comes from, and the YAML. */
    public record PolicyText(String policyId, String source, String yaml) {
    }

    /** The policy gate of the policy files under {@code policies} and the platform limits in {@code platforms}. */
    public static PolicyGate gate(ResourcePatternResolver resources, String policies, String platforms) {
        return new PolicyGate(compile(read(resources, policies)), platforms(resources, platforms), null);
    }

    /** As {@link #gate(ResourcePatternResolver, String, String)}, the rules' examples also checked by meaning. */
    public static PolicyGate gate(ResourcePatternResolver resources, String policies, String platforms,
                                  SemanticPolicy.Factory meaning) {
        List<CompiledRule> rules = compile(read(resources, policies));
        return new PolicyGate(rules, platforms(resources, platforms), meaning.create(rules));
    }

    /** The policy of a file name ({@code default.yaml} → {@code default}), checked: a kebab-case id. */
    public static String policyId(String fileName, String where) {
        String id = fileName.endsWith(".yaml") ? fileName.substring(0, fileName.length() - 5) : fileName;
        if (!ID.matcher(id).matches() || id.length() > 64) {
            throw new PolicyException(where + ": '" + id + "' is not a policy id (kebab-case, at most 64 "
                    + "characters: lower-case letters, digits and single hyphens)");
        }
        return id;
    }

    /** Every {@code *.yaml} of the policies folder, by name. */
    static List<PolicyText> read(ResourcePatternResolver resources, String location) {
        String folder = location.endsWith("/") ? location : location + "/";
        Resource[] files;
        try {
            files = resources.getResources(folder + "*.yaml");
        } catch (IOException e) {
            throw new PolicyException("Policy folder " + location + " cannot be read: " + e.getMessage(), e);
        }
        List<Resource> sorted = Arrays.stream(files).filter(Resource::exists)
                .sorted(Comparator.comparing(r -> Objects.requireNonNullElse(r.getFilename(), ""))).toList();
        if (sorted.isEmpty()) {
            throw new PolicyException("No policy files (*.yaml) in " + location
                    + " (hub.policies.dir); without them every post would be allowed");
        }
        List<PolicyText> texts = new ArrayList<>();
        for (Resource file : sorted) {
            String source = folder + file.getFilename();
            try (InputStream in = file.getInputStream()) {
                texts.add(new PolicyText(policyId(Objects.requireNonNull(file.getFilename()), source), source,
                        new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new PolicyException(source + " cannot be read: " + e.getMessage(), e);
            }
        }
        return texts;
    }

    /** Parses and checks every policy; a rule id may be defined once across them. */
    static List<CompiledRule> compile(List<PolicyText> texts) {
        List<CompiledRule> rules = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (PolicyText text : texts) {
            for (CompiledRule rule : parse(text.yaml(), text.source())) {
                String other = seen.putIfAbsent(rule.rule().id(), text.source());
                if (other != null) {
                    throw new PolicyException(text.source() + ": rule '" + rule.rule().id()
                            + "' is already defined in " + other);
                }
                rules.add(rule);
            }
        }
        return rules;
    }

    /** Parses and checks one policy file's text; {@code source} names it in messages. */
    static List<CompiledRule> parse(String yaml, String source) {
        return parse(new java.io.ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), source);
    }

    /** Parses and checks one policy file; {@code source} names it in messages. */
    static List<CompiledRule> parse(InputStream in, String source) {
        PolicyRule.File file;
        try {
            file = YAML.readValue(in, PolicyRule.File.class);
        } catch (JacksonException e) {
            String line = YamlErrors.line(e);
            throw new PolicyException(source + " is not a valid policy file" + YamlErrors.path(e) + line + ": "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new PolicyException(source + " cannot be read: " + e.getMessage(), e);
        }
        if (file == null || file.rules() == null || file.rules().isEmpty()) {
            throw new PolicyException(source + ": 'rules' must list at least one rule");
        }
        List<CompiledRule> compiled = new ArrayList<>();
        for (int i = 0; i < file.rules().size(); i++) {
            compiled.add(check(file.rules().get(i), source, i));
        }
        return compiled;
    }

    private static CompiledRule check(PolicyRule rule, String source, int index) {
        if (rule == null || rule.id() == null || !ID.matcher(rule.id()).matches()) {
            throw new PolicyException(source + ": rules[" + index + "] needs a kebab-case id");
        }
        String where = source + ": rule '" + rule.id() + "'";
        if (!PolicyRule.KINDS.contains(rule.kind())) {
            throw new PolicyException(where + " has kind '" + rule.kind() + "'; kinds are "
                    + String.join(", ", PolicyRule.KINDS));
        }
        if (!PolicyDecision.BLOCK.equals(rule.verdict()) && !PolicyDecision.REVIEW.equals(rule.verdict())) {
            throw new PolicyException(where + " has verdict '" + rule.verdict() + "'; it must be BLOCK or REVIEW");
        }
        if (rule.description() == null || rule.description().isBlank()) {
            throw new PolicyException(where + " has no description (findings quote it)");
        }
        boolean platformRule = PolicyRule.PLATFORM_RULES.equals(rule.kind());
        if (platformRule && (notEmpty(rule.patterns()) || notEmpty(rule.disclosures()) || notEmpty(rule.examples())
                || notEmpty(rule.counterExamples()))) {
            throw new PolicyException(where + ": a platform-rules rule takes its limits from the platform rules "
                    + "file; it has no patterns, disclosures or examples");
        }
        if (!platformRule && !notEmpty(rule.patterns()) && !notEmpty(rule.examples())) {
            throw new PolicyException(where + " has no patterns and no examples");
        }
        if (notEmpty(rule.counterExamples()) && !notEmpty(rule.examples())) {
            throw new PolicyException(where + " has counter-examples but no examples");
        }
        for (List<String> texts : Arrays.asList(rule.examples(), rule.counterExamples())) {
            if (texts != null && texts.stream().anyMatch(t -> t == null || t.isBlank())) {
                throw new PolicyException(where + " has a blank example or counter-example");
            }
        }
        boolean disclosureRule = PolicyRule.DISCLOSURES.equals(rule.kind());
        if (disclosureRule != notEmpty(rule.disclosures())) {
            throw new PolicyException(where + (disclosureRule ? " has no disclosures (the markers that disclose paid "
                    + "promotion, e.g. '#ad')" : ": only a disclosures rule has disclosures"));
        }
        return new CompiledRule(rule, source, compile(rule.patterns(), where),
                compile(rule.disclosures(), where));
    }

    /** Case-insensitive, and only whole words: "ad" never matches inside "adventure". */
    private static List<Pattern> compile(List<String> patterns, String where) {
        if (patterns == null) {
            return List.of();
        }
        List<Pattern> compiled = new ArrayList<>();
        for (String pattern : patterns) {
            if (pattern == null || pattern.isBlank()) {
                throw new PolicyException(where + " has an empty pattern");
            }
            try {
                compiled.add(Pattern.compile("(?<![\\p{L}\\p{N}_])(?:" + pattern + ")(?![\\p{L}\\p{N}_])",
                        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
            } catch (PatternSyntaxException e) {
                throw new PolicyException(where + ": pattern '" + pattern + "' is not a valid regular expression: "
                        + e.getDescription(), e);
            }
        }
        return compiled;
    }

    /** Caption and hashtag limits per platform ({@code maxCaptionChars}, {@code maxHashtags}; both optional). */
    static Map<String, PlatformLimits> platforms(ResourcePatternResolver resources, String location) {
        Resource file = resources.getResource(location);
        JsonNode root;
        try (InputStream in = file.getInputStream()) {
            root = YAML.readTree(in);
        } catch (IOException e) {
            throw new PolicyException("Platform rules " + location + " cannot be read: " + e.getMessage(), e);
        }
        Map<String, PlatformLimits> limits = new LinkedHashMap<>();
        root.path("platforms").fields().forEachRemaining(p -> limits.put(p.getKey(), new PlatformLimits(p.getKey(),
                limit(p.getValue(), "maxCaptionChars", location), limit(p.getValue(), "maxHashtags", location))));
        if (limits.isEmpty()) {
            throw new PolicyException("Platform rules " + location + " list no platforms");
        }
        return limits;
    }

    private static Integer limit(JsonNode platform, String name, String location) {
        JsonNode value = platform.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 0) {
            throw new PolicyException("Platform rules " + location + ": " + name + " must be a whole number >= 0");
        }
        return value.asInt();
    }

    private static boolean notEmpty(List<String> list) {
        return list != null && !list.isEmpty();
    }

}
