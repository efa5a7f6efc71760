package com.misybot.hub.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.misybot.hub.pipelines.policy.PolicyDecision;
import com.misybot.hub.pipelines.policy.PolicyInput;
import com.misybot.hub.pipelines.policy.PolicyRegistry;
import com.misybot.hub.pipelines.policy.PolicyVersion;
import com.misybot.hub.platform.web.Caller;
import com.misybot.hub.platform.web.UnifiedDiff;
import com.misybot.hub.platform.web.VersionNumbers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Body;
import org.apache.camel.Variable;
import org.springframework.stereotype.Service;

/** The admin API's side of the policy registry (issue 16): versions of the policy gate's rules, governed. */
@Service("policyAdmin")
public class PolicyAdmin {

    /** A policy as listed: its active version, its latest, and the version this replica's gate serves. */
    public record Policy(String policyId, Integer activeVersion, int latestVersion, Integer servingVersion) {
    }

    public record Policies(List<Policy> policies) {
    }

    /** A version without its text (lists), or with it (one version). */
    public record Version(String policyId, int version, String sha256, String status, String author, String source,
                          List<String> rules, Instant createdAt, String activatedBy, Instant activatedAt,
                          String yaml) {
    }

    public record Versions(String policyId, List<Version> versions) {
    }

    public record Diff(String policyId, int version, Integer against, String diff) {
    }

    private final PolicyRegistry registry;

    public PolicyAdmin(PolicyRegistry registry) {
        this.registry = registry;
    }

    public Policies list() {
        Map<String, Integer> serving = registry.serving();
        List<Policy> policies = new ArrayList<>();
        registry.policies().forEach(p -> policies.add(new Policy(p.policyId(), p.activeVersion(), p.latestVersion(),
                serving.get(p.policyId()))));
        return new Policies(policies);
    }

    public Version submit(@Variable("policyId") String policyId, @Body String yaml,
                          @Variable("caller") Caller caller) {
        return view(registry.submit(policyId, yaml == null ? "" : yaml, caller.id(), caller.roles()), false);
    }

    public Versions versions(@Variable("policyId") String policyId) {
        return new Versions(policyId, registry.versions(policyId).stream().map(v -> view(v, false)).toList());
    }

    public Version version(@Variable("policyId") String policyId, @Variable("version") String version) {
        return view(registry.version(policyId, VersionNumbers.parse(version, "version")), true);
    }

    public Diff diff(@Variable("policyId") String policyId, @Variable("version") String version,
                     @Variable("against") String against) {
        PolicyVersion revised = registry.version(policyId, VersionNumbers.parse(version, "version"));
        PolicyVersion original;
        if (against != null && !against.isBlank()) {
            original = registry.version(policyId, VersionNumbers.parse(against, "against"));
        } else {
            original = registry.active(policyId).filter(a -> a.version() != revised.version())
                    .orElseGet(() -> revised.version() > 1 ? registry.version(policyId, revised.version() - 1) : null);
        }
        String diff = UnifiedDiff.of(original == null ? null : name(original),
                original == null ? null : original.yaml(), name(revised), revised.yaml());
        return new Diff(policyId, revised.version(), original == null ? null : original.version(), diff);
    }

    public Version activate(@Variable("policyId") String policyId, @Variable("version") String version,
                            @Variable("caller") Caller caller) {
        int number = VersionNumbers.parse(version, "version");
        return view(registry.activate(policyId, number, caller.id(), caller.roles()), false);
    }

    public Version retire(@Variable("policyId") String policyId, @Variable("caller") Caller caller) {
        return view(registry.retire(policyId, caller.id(), caller.roles()), false);
    }

    public PolicyDecision check(@Variable("json") JsonNode request) {
        List<String> platforms = new ArrayList<>();
        request.path("platforms").forEach(p -> platforms.add(p.asText()));
        PolicyInput input = new PolicyInput(request.path("text").asText(), platforms,
                request.path("paidPromotion").asBoolean(false));
        String policyId = request.hasNonNull("policyId") ? request.get("policyId").asText() : null;
        Integer version = request.hasNonNull("version") ? request.get("version").asInt() : null;
        return registry.check(input, policyId, version);
    }

    private static Version view(PolicyVersion v, boolean withText) {
        return new Version(v.policyId(), v.version(), v.sha256(), v.status(), v.author(), v.source(), v.ruleIds(),
                v.createdAt(), v.activatedBy(), v.activatedAt(), withText ? v.yaml() : null);
    }

    private static String name(PolicyVersion v) {
        return v.policyId() + ".yaml@v" + v.version();
    }

}
