package com.misybot.hub.pipelines.policy;

import com.misybot.hub.governance.audit.AuditEvent;
import com.misybot.hub.governance.audit.AuditLog;
import com.misybot.hub.operator.validation.CamelYamlRouteValidator;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy gate as it serves, and the governed way its rules change: submit a policy's YAML as a candidate
 * version (checked as at start: parsed, no rule id defined twice across the active policies, examples embedded),
 * try it on a text, activate it (or an older version: a rollback), every step audited with who did it. Versions
 * live in PostgreSQL ({@link PolicyVersionStore}); an activation notifies the other replicas, which rebuild their
 * gate from the active versions ({@link #reconcile()}, also run periodically), so every replica serves the same
 * rules within a second or two. A gate is built before it is swapped in: a request is judged by the old rules or the
 * new ones, never by none.
 */
public class PolicyRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyRegistry.class);
    static final String IMPORTER = "system:file-import";
    private static final int TRIED_GATES = 4;

    /** The gate and the version of each policy it was built from. */
    record Serving(Map<String, Integer> versions, PolicyGate gate) {
    }

    private final PolicyVersionStore store;
    private final AuditLog audit;
    private final Map<String, PlatformLimits> platforms;
    private final SemanticPolicy.Factory meaning;
    private volatile Serving serving;
    /** Gates built to try a candidate ({@link #check}), the last few, keyed by the versions they serve. */
    private final Map<Map<String, Integer>, PolicyGate> tried = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Map<String, Integer>, PolicyGate> eldest) {
            return size() > TRIED_GATES;
        }
    };

    public PolicyRegistry(PolicyVersionStore store, AuditLog audit, Map<String, PlatformLimits> platforms,
                          SemanticPolicy.Factory meaning) {
        this.store = store;
        this.audit = audit;
        this.platforms = Map.copyOf(platforms);
        this.meaning = meaning;
    }

    /**
     * At start: the policy files imported as versions, then the active versions served. A file that is broken, or
     * an active version that no longer compiles, stops the start: a typo must never switch a policy off.
     */
    public void start(List<PolicyFiles.PolicyText> files) {
        files.forEach(this::importFile);
        reconcile();
    }

    /** Judges a post with the active rules. */
    public PolicyDecision evaluate(PolicyInput input) {
        Serving now = current();
        return now.gate().evaluate(input).by(now.versions());
    }

    /** Judges a post with the active rules, or with {@code version} of {@code policyId} in place of its active one. */
    public PolicyDecision check(PolicyInput input, String policyId, Integer version) {
        Serving now = current();
        if (policyId == null || version == null) {
            if (policyId != null || version != null) {
                throw new ProblemException(ProblemType.VALIDATION, "policyId and version go together: both name "
                        + "the version to try, neither tries the active rules.");
            }
            return now.gate().evaluate(input).by(now.versions());
        }
        PolicyVersion tried = version(policyId, version);
        Map<String, Integer> versions = new TreeMap<>(now.versions());
        versions.put(policyId, version);
        PolicyGate gate;
        synchronized (this.tried) {
            gate = this.tried.get(versions);
        }
        if (gate == null) {
            try {
                gate = build(replacing(store.allActive(), tried)).gate();
            } catch (PolicyException e) {
                throw new ProblemException(ProblemType.CONFLICT, "Version " + version + " of policy '" + policyId
                        + "' cannot serve beside the active policies: " + e.getMessage());
            }
            synchronized (this.tried) {
                this.tried.put(versions, gate);
            }
        }
        return gate.evaluate(input).by(versions);
    }

    /**
     * Stores {@code yaml} as the next candidate version of {@code policyId} (a new policy when there is none), after
     * the checks the start makes; the same text as an existing version returns that version and stores nothing.
     */
    public PolicyVersion submit(String policyId, String yaml, String author, Collection<String> roles) {
        String id = checkedId(policyId);
        List<String> ruleIds;
        try {
            List<PolicyFiles.CompiledRule> rules = PolicyFiles.parse(yaml == null ? "" : yaml, id + ".yaml");
            ruleIds = rules.stream().map(r -> r.rule().id()).toList();
            // as it would serve: beside the other policies' active versions, its examples embedded and learnt
            build(replacing(store.allActive(), candidate(id, yaml, ruleIds)));
        } catch (PolicyException e) {
            throw new ProblemException(ProblemType.UNPROCESSABLE, e.getMessage());
        }
        String sha = CamelYamlRouteValidator.sha256(yaml);
        return store.locked(() -> store.withSha(id, sha).orElseGet(() -> {
            PolicyVersion stored = store.insert(id, sha, yaml, ruleIds, author, PolicyVersion.API);
            audit.append(AuditEvent.by(author, roles, "policy.submit", id, details(stored, null)));
            return stored;
        }));
    }

    /**
     * Makes {@code version} of {@code policyId} serve on every replica (an older version: a rollback). Answers once
     * this replica's gate serves it; 409 when it cannot serve beside the other active policies.
     */
    public PolicyVersion activate(String policyId, int version, String author, Collection<String> roles) {
        PolicyVersion target = version(policyId, version);
        Serving built = store.locked(() -> {
            List<PolicyVersion> active = store.allActive();
            Optional<PolicyVersion> before = active.stream().filter(a -> a.policyId().equals(target.policyId()))
                    .findFirst();
            if (before.isPresent() && before.get().version() == version) {
                return null;
            }
            Serving next;
            try {
                next = build(replacing(active, target));
            } catch (PolicyException e) {
                throw new ProblemException(ProblemType.CONFLICT, "Version " + version + " of policy '" + policyId
                        + "' cannot serve beside the active policies: " + e.getMessage());
            }
            store.activate(target.policyId(), version, author);
            audit.append(AuditEvent.by(author, roles, "policy.activate", target.policyId(),
                    details(target, before.map(PolicyVersion::version).orElse(null))));
            return next;
        });
        if (built != null) {
            serve(built);
            LOG.info("Policy {} v{} serves (activated by {})", target.policyId(), version, author);
        }
        return version(policyId, version);
    }

    /** {@code policyId} no longer judges, on every replica (409 when it is the last active policy). */
    public PolicyVersion retire(String policyId, String author, Collection<String> roles) {
        Map.Entry<PolicyVersion, Serving> retired = store.locked(() -> {
            List<PolicyVersion> active = store.allActive();
            PolicyVersion current = active.stream().filter(a -> a.policyId().equals(policyId)).findFirst()
                    .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "Policy '" + policyId
                            + "' has no active version."));
            List<PolicyVersion> rest = active.stream().filter(a -> a != current).toList();
            if (rest.isEmpty()) {
                throw new ProblemException(ProblemType.CONFLICT, "Policy '" + policyId + "' is the only active "
                        + "policy; without it every post would be allowed. Activate another policy first.");
            }
            Serving next = build(rest);
            store.retire(policyId);
            audit.append(AuditEvent.by(author, roles, "policy.retire", policyId, details(current, null)));
            return Map.entry(current, next);
        });
        serve(retired.getValue());
        LOG.info("Policy {} retired (was v{}) by {}", policyId, retired.getKey().version(), author);
        return version(policyId, retired.getKey().version());
    }

    /** Rebuilds the gate when the active versions in the database differ from the ones it serves. */
    public synchronized void reconcile() {
        Serving now = serving;
        if (now != null && now.versions().equals(store.activeVersions())) {
            return;
        }
        List<PolicyVersion> active = store.allActive();
        try {
            serve(build(active));
        } catch (PolicyException e) {
            if (now == null) {
                throw e;
            }
            LOG.error("The active policies in the database do not compile; this replica keeps serving {}: {}",
                    now.versions(), e.getMessage());
        }
    }

    public List<PolicyVersionStore.Policy> policies() {
        return store.policies();
    }

    /** The versions of {@code policyId}, newest first (404 when the policy has none). */
    public List<PolicyVersion> versions(String policyId) {
        List<PolicyVersion> versions = store.list(policyId);
        if (versions.isEmpty()) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No policy '" + policyId + "'.");
        }
        return versions;
    }

    public PolicyVersion version(String policyId, int version) {
        return store.find(policyId, version).orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND,
                "Policy '" + policyId + "' has no version " + version + "."));
    }

    public Optional<PolicyVersion> active(String policyId) {
        return store.allActive().stream().filter(v -> v.policyId().equals(policyId)).findFirst();
    }

    /** The version of each policy this replica's gate serves. */
    public Map<String, Integer> serving() {
        return current().versions();
    }

    /**
     * A shipped file not yet stored becomes its policy's next version: the active one while the policy still
     * serves a file version (or nothing), only a candidate once an operator activated a version through the API.
     */
    private void importFile(PolicyFiles.PolicyText file) {
        List<String> ruleIds = PolicyFiles.parse(file.yaml(), file.source()).stream().map(r -> r.rule().id()).toList();
        String sha = CamelYamlRouteValidator.sha256(file.yaml());
        store.locked(() -> {
            if (store.withSha(file.policyId(), sha).isPresent()) {
                return null;
            }
            List<PolicyVersion> active = store.allActive();
            Optional<PolicyVersion> before = active.stream().filter(a -> a.policyId().equals(file.policyId()))
                    .findFirst();
            // the file's policy unless an operator took it over (an API version active, or the policy retired)
            boolean fileOwned = before.map(a -> !PolicyVersion.API.equals(a.source()))
                    .orElseGet(() -> store.latest(file.policyId()).isEmpty());
            PolicyVersion stored = store.insert(file.policyId(), sha, file.yaml(), ruleIds, IMPORTER, file.source());
            if (fileOwned) {
                // the rule ids checked against the other policies; the gate is built once, by the reconcile after
                PolicyFiles.compile(texts(replacing(active, stored)));
                store.activate(file.policyId(), stored.version(), IMPORTER);
            } else {
                LOG.warn("{} changed, but policy {} {}: the file is stored as candidate v{} (activate it through the "
                        + "admin API)", file.source(), file.policyId(), before.map(b -> "serves v" + b.version()
                        + " from the admin API").orElse("was retired"), stored.version());
            }
            Map<String, Object> details = details(stored, before.map(PolicyVersion::version).orElse(null));
            details.put("status", fileOwned ? PolicyVersion.ACTIVE : PolicyVersion.CANDIDATE);
            audit.append(new AuditEvent(IMPORTER, null, "policy.import", file.policyId(), details));
            return null;
        });
    }

    private Serving build(List<PolicyVersion> versions) {
        if (versions.isEmpty()) {
            throw new PolicyException("No policy has an active version; without one every post would be allowed");
        }
        List<PolicyFiles.CompiledRule> rules = PolicyFiles.compile(texts(versions));
        Map<String, Integer> served = new TreeMap<>();
        versions.forEach(v -> served.put(v.policyId(), v.version()));
        return new Serving(Map.copyOf(served), new PolicyGate(rules, platforms, meaning.create(rules)));
    }

    private static List<PolicyFiles.PolicyText> texts(List<PolicyVersion> versions) {
        return versions.stream().map(v -> new PolicyFiles.PolicyText(v.policyId(),
                "policy '" + v.policyId() + "'" + (v.version() > 0 ? " v" + v.version() : ""), v.yaml())).toList();
    }

    private synchronized void serve(Serving next) {
        serving = next;
    }

    private Serving current() {
        Serving now = serving;
        if (now == null) {
            throw new IllegalStateException("The policy gate has not started");
        }
        return now;
    }

    /** The active versions with {@code version} in place of its policy's active one (or added). */
    private static List<PolicyVersion> replacing(List<PolicyVersion> active, PolicyVersion version) {
        List<PolicyVersion> result = new ArrayList<>(active.stream()
                .filter(a -> !a.policyId().equals(version.policyId())).toList());
        result.add(version);
        return result;
    }

    private static PolicyVersion candidate(String policyId, String yaml, List<String> ruleIds) {
        return new PolicyVersion(policyId, 0, null, yaml, ruleIds, null, PolicyVersion.CANDIDATE, PolicyVersion.API,
                null, null, null);
    }

    private static String checkedId(String policyId) {
        try {
            return PolicyFiles.policyId(policyId == null ? "" : policyId, "The policy id");
        } catch (PolicyException e) {
            throw new ProblemException(ProblemType.VALIDATION, e.getMessage());
        }
    }

    private static Map<String, Object> details(PolicyVersion version, Integer previous) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("version", version.version());
        details.put("sha256", version.sha256());
        details.put("rules", version.ruleIds());
        details.put("source", version.source());
        if (previous != null) {
            details.put("previousVersion", previous);
        }
        return details;
    }
}
