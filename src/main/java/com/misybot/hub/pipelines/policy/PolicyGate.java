package com.misybot.hub.pipelines.policy;

import com.misybot.hub.pipelines.policy.PolicyDecision.Finding;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The policy gate of the viralization pipeline: judges a post's text against the rules of {@code config/policies}
 * (loaded once, by {@link PolicyFiles}). The verdict is the worst finding's: BLOCK over REVIEW over ALLOW.
 */
public class PolicyGate {

    private static final Pattern HASHTAG = Pattern.compile("(?<![\\p{L}\\p{N}_&])#[\\p{L}\\p{N}_]+");
    private static final Pattern INVISIBLE = Pattern.compile("\\p{Cf}");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private final List<PolicyFiles.CompiledRule> rules;
    private final Map<String, PlatformLimits> platforms;
    /** The rules' examples checked by meaning; null = patterns only. */
    private final SemanticPolicy meaning;

    PolicyGate(List<PolicyFiles.CompiledRule> rules, Map<String, PlatformLimits> platforms, SemanticPolicy meaning) {
        this.rules = List.copyOf(rules);
        this.platforms = Map.copyOf(platforms);
        this.meaning = meaning;
    }

    public PolicyDecision evaluate(PolicyInput input) {
        // compatibility forms, zero-width characters and runs of spaces must not slip a phrase past its pattern
        String visible = INVISIBLE.matcher(Normalizer.normalize(input.text(), Normalizer.Form.NFKC)).replaceAll("");
        String text = SPACES.matcher(visible).replaceAll(" ");
        List<Finding> findings = new ArrayList<>();
        Map<String, SemanticPolicy.Match> byMeaning = new HashMap<>();
        if (meaning != null) {
            // line breaks kept: a line is a sentence even without a full stop (a brief above its script)
            meaning.matches(visible).forEach(m -> byMeaning.put(m.rule().id(), m));
        }
        for (PolicyFiles.CompiledRule rule : rules) {
            SemanticPolicy.Match match = byMeaning.get(rule.rule().id());
            switch (rule.rule().kind()) {
                case PolicyRule.PLATFORM_RULES -> platformFindings(rule.rule(), input, findings);
                case PolicyRule.DISCLOSURES -> disclosureFinding(rule, text, input.paidPromotion(), match, findings);
                default -> {
                    int before = findings.size();
                    rule.patterns().forEach(p -> {
                        Matcher m = p.matcher(text);
                        if (m.find()) {
                            findings.add(finding(rule.rule(), rule.rule().description(), m.group()));
                        }
                    });
                    if (findings.size() == before && match != null) {
                        findings.add(meaningFinding(rule.rule(), match));
                    }
                }
            }
        }
        String verdict = findings.stream().map(Finding::verdict)
                .max((a, b) -> PolicyDecision.severity(a) - PolicyDecision.severity(b)).orElse(PolicyDecision.ALLOW);
        return new PolicyDecision(verdict, List.copyOf(findings));
    }

    private void platformFindings(PolicyRule rule, PolicyInput input, List<Finding> findings) {
        for (String platform : input.platforms()) {
            PlatformLimits limits = platforms.get(platform);
            if (limits == null) {
                findings.add(finding(rule, "No platform rules are known for '" + platform + "'; a person must check "
                        + "the post against that platform's limits.", platform));
                continue;
            }
            int chars = input.text().codePointCount(0, input.text().length());
            if (limits.maxCaptionChars() != null && chars > limits.maxCaptionChars()) {
                findings.add(finding(rule, platform + " allows at most " + limits.maxCaptionChars()
                        + " characters; the text has " + chars + ".", null));
            }
            long hashtags = HASHTAG.matcher(input.text()).results().count();
            if (limits.maxHashtags() != null && hashtags > limits.maxHashtags()) {
                findings.add(finding(rule, platform + " allows at most " + limits.maxHashtags()
                        + " hashtags; the text has " + hashtags + ".", null));
            }
        }
    }

    /** A sentence that reads like one of the rule's examples: the rule's verdict, or REVIEW when borderline. */
    private static Finding meaningFinding(PolicyRule rule, SemanticPolicy.Match match) {
        String confidence = String.format(java.util.Locale.ROOT, "%.2f", match.confidence());
        if (match.borderline()) {
            return new Finding(rule.id(), rule.kind(), PolicyDecision.REVIEW, rule.description() + " (borderline: "
                    + "the sentence may mean \"" + match.example() + "\", confidence " + confidence
                    + "; a person must check).", match.sentence());
        }
        return finding(rule, rule.description() + " (by meaning: the sentence reads like \"" + match.example()
                + "\", confidence " + confidence + ").", match.sentence());
    }

    private static void disclosureFinding(PolicyFiles.CompiledRule rule, String text, boolean declaredPaid,
                                          SemanticPolicy.Match match, List<Finding> findings) {
        String indicator = null;
        for (Pattern p : rule.patterns()) {
            Matcher m = p.matcher(text);
            if (m.find()) {
                indicator = m.group();
                break;
            }
        }
        if (indicator == null && match != null) {
            // reads like paid promotion (borderline included: the finding is a REVIEW at most for a disclosure rule)
            indicator = match.sentence();
        }
        if (!declaredPaid && indicator == null) {
            return;
        }
        if (rule.disclosures().stream().anyMatch(p -> p.matcher(text).find())) {
            return;
        }
        String why = declaredPaid ? "the request declares paid promotion" : "the text reads as paid promotion";
        findings.add(finding(rule.rule(), rule.rule().description() + " (" + why + " but carries no disclosure such "
                + "as #ad or #sponsored).", indicator));
    }

    private static Finding finding(PolicyRule rule, String message, String match) {
        return new Finding(rule.id(), rule.kind(), rule.verdict(), message, match);
    }
}
