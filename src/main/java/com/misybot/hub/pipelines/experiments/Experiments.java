package com.misybot.hub.pipelines.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.governance.audit.AuditEvent;
import com.misybot.hub.governance.audit.AuditLog;
import com.misybot.hub.platform.Problem;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import com.misybot.hub.platform.web.Caller;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.Variable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** The experiments API: create, read (with live numbers), stop, roll a promotion back; each change audited. */
@Service("experiments")
public class Experiments {

    private final ExperimentStore store;
    private final PromotionActions actions;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final ObjectMapper json;

    public Experiments(ExperimentStore store, PromotionActions actions, AuditLog audit, TransactionTemplate tx,
                       ObjectMapper json) {
        this.store = store;
        this.actions = actions;
        this.audit = audit;
        this.tx = tx;
        this.json = json;
    }

    public ExperimentView create(@Variable("json") JsonNode request, @Variable("caller") Caller caller) {
        ExperimentDefinition experiment = json.convertValue(request, ExperimentDefinition.class);
        checkNames(experiment);
        actions.checkRunnable(experiment);
        UUID id = UUID.randomUUID();
        try {
            tx.executeWithoutResult(status -> {
                store.insert(id, experiment, caller.id());
                audit.append(AuditEvent.by(caller.id(), caller.roles(), "experiment.create", target(id),
                        Map.of("name", experiment.name(), "pipeline", experiment.pipeline(),
                                "variants", experiment.variants().stream().map(ExperimentDefinition.Variant::name)
                                        .toList())));
            });
        } catch (DuplicateKeyException e) {
            throw new ProblemException(ProblemType.CONFLICT, "An experiment is already running on pipeline "
                    + experiment.pipeline() + "; stop it first.");
        }
        return view(id);
    }

    public ExperimentView get(@Variable("id") String id) {
        return view(parse(id));
    }

    public ExperimentView stop(@Variable("id") String id, @Variable("caller") Caller caller) {
        UUID experimentId = parse(id);
        ExperimentStore.Stored stored = load(experimentId);
        tx.executeWithoutResult(status -> {
            if (!store.stop(experimentId, caller.id())) {
                throw new ProblemException(ProblemType.CONFLICT, "Experiment " + id + " is " + stored.status()
                        + ", not running.");
            }
            audit.append(AuditEvent.by(caller.id(), caller.roles(), "experiment.stop", target(experimentId),
                    Map.of()));
        });
        return view(experimentId);
    }

    /** Reverses a promotion: the route version before it serves again, new runs take the control's parameters. */
    public ExperimentView rollback(@Variable("id") String id, @Variable("caller") Caller caller) {
        UUID experimentId = parse(id);
        ExperimentStore.Stored stored = load(experimentId);
        tx.executeWithoutResult(status -> {
            if (!store.rollback(experimentId, caller.id())) {
                throw new ProblemException(ProblemType.CONFLICT, "Experiment " + id + " is " + stored.status()
                        + ": only a promoted experiment can be rolled back.");
            }
            audit.append(AuditEvent.by(caller.id(), caller.roles(), "experiment.rollback", target(experimentId),
                    Map.of("variant", stored.promotedVariant())));
            // last: an activation outside this transaction happens only once the rest is sure to commit
            actions.rollback(stored.promotion(), caller.id());
        });
        return view(experimentId);
    }

    ExperimentView view(UUID id) {
        ExperimentStore.Stored stored = load(id);
        Map<String, ArmStats> stats = store.armStats(id, stored.definition().metric());
        return ExperimentView.of(stored, PromotionRule.evaluate(stored.definition(), stats));
    }

    static String target(UUID id) {
        return "experiment:" + id;
    }

    private ExperimentStore.Stored load(UUID id) {
        return store.find(id).orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "No experiment " + id));
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No experiment " + id);
        }
    }

    /** Variant names are unique within an experiment (a JSON schema cannot say so of one member). */
    private static void checkNames(ExperimentDefinition experiment) {
        Set<String> seen = new HashSet<>();
        List<Problem.Violation> duplicates = new ArrayList<>();
        for (int i = 0; i < experiment.variants().size(); i++) {
            if (!seen.add(experiment.variants().get(i).name())) {
                duplicates.add(new Problem.Violation("/variants/" + i + "/name", "unique",
                        "variant names must be unique"));
            }
        }
        if (!duplicates.isEmpty()) {
            throw new ProblemException(ProblemType.VALIDATION, "Two variants have the same name.", duplicates, null);
        }
    }
}
