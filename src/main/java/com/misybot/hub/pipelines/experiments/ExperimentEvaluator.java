package com.misybot.hub.pipelines.experiments;

import com.misybot.hub.governance.audit.AuditEvent;
import com.misybot.hub.governance.audit.AuditLog;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Body;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Evaluates running experiments (on a timer, and after each metrics post) with PromotionRule and promotes the
 * winner: the experiment row moves running → promoted only if it is still running (so of two replicas evaluating
 * at once exactly one promotes), the promotion is audited in the same transaction, and a route-version activation
 * comes last so a failing activation leaves the experiment running.
 */
@Service("experimentEvaluator")
public class ExperimentEvaluator {

    private static final Logger LOG = LoggerFactory.getLogger(ExperimentEvaluator.class);
    static final String ACTOR = PromotionActions.AUTHOR;

    private final ExperimentStore store;
    private final PromotionActions actions;
    private final AuditLog audit;
    private final TransactionTemplate tx;

    public ExperimentEvaluator(ExperimentStore store, PromotionActions actions, AuditLog audit,
                               TransactionTemplate tx) {
        this.store = store;
        this.actions = actions;
        this.audit = audit;
        this.tx = tx;
    }

    /** Every running experiment; one that fails to evaluate does not keep the others from it. */
    public int evaluateAll() {
        int promoted = 0;
        for (UUID id : store.running()) {
            try {
                promoted += evaluate(id.toString()) ? 1 : 0;
            } catch (RuntimeException e) {
                LOG.warn("Experiment {} could not be evaluated", id, e);
            }
        }
        return promoted;
    }

    /** Evaluates one experiment (an id; blank or unknown is nothing to do); true when it promoted a variant. */
    public boolean evaluate(@Body String experimentId) {
        if (experimentId == null || experimentId.isBlank()) {
            return false;
        }
        UUID id = UUID.fromString(experimentId);
        ExperimentStore.Stored stored = store.find(id).orElse(null);
        if (stored == null || !"running".equals(stored.status())) {
            return false;
        }
        PromotionRule.Evaluation evaluation = PromotionRule.evaluate(stored.definition(),
                store.armStats(id, stored.definition().metric()));
        store.evaluated(id, evaluation);
        if (evaluation.winner() == null) {
            return false;
        }
        ExperimentDefinition.Variant winner = stored.definition().variants().stream()
                .filter(v -> v.name().equals(evaluation.winner())).findFirst().orElseThrow();
        PromotionRule.ArmReport report = evaluation.variants().stream()
                .filter(r -> r.variant().equals(winner.name())).findFirst().orElseThrow();
        Boolean done = tx.execute(status -> {
            Map<String, Object> promotion = actions.plan(winner);
            if (!store.promote(id, winner.name(), ACTOR, promotion)) {
                return false;
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("variant", winner.name());
            details.put("metric", stored.definition().metric());
            details.put("z", report.z());
            details.put("pValue", report.pValue());
            details.put("trials", report.trials());
            audit.append(AuditEvent.system("experiment.promote", Experiments.target(id), details));
            // the activation last: if it fails, the promotion and its audit record roll back with it
            actions.promote(promotion);
            return true;
        });
        if (Boolean.TRUE.equals(done)) {
            LOG.info("Experiment {} promoted variant {} (p = {})", id, winner.name(), report.pValue());
        }
        return Boolean.TRUE.equals(done);
    }
}
