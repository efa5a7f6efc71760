package com.misybot.hub.pipelines.campaign;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.random.RandomGenerator;

/** Thompson sampling over a campaign's variants (hook, CTA, posting hour, platform mix) from trials and successes. */
public final class VariantBandit {

    /** A variant and what it has done so far, e.g. views (trials) and clicks (successes). */
    public record Arm(String name, long trials, long successes) {

        public Arm {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("an arm needs a non-blank name");
            }
            if (trials < 0 || successes < 0) {
                throw new IllegalArgumentException("arm '" + name + "': trials (" + trials + ") and successes ("
                        + successes + ") must not be negative");
            }
            if (successes > trials) {
                throw new IllegalArgumentException("arm '" + name + "': successes (" + successes
                        + ") exceed trials (" + trials + ")");
            }
        }
    }

    /**
     * The chosen arm and why: each arm's draw and posterior mean, by arm name in the order of the input, so the
     * caller can store the reason of the decision next to it.
     */
    public record Choice(Arm chosen, Map<String, Double> draws, Map<String, Double> posteriorMeans) {
    }

    private final double priorSuccesses;
    private final double priorFailures;

    /** The uniform prior Beta(1, 1): every rate is equally likely before the first trial. */
    public VariantBandit() {
        this(1, 1);
    }

    public VariantBandit(double priorSuccesses, double priorFailures) {
        if (!(priorSuccesses > 0) || !(priorFailures > 0) || Double.isInfinite(priorSuccesses)
                || Double.isInfinite(priorFailures)) {
            throw new IllegalArgumentException("the prior Beta(" + priorSuccesses + ", " + priorFailures
                    + ") needs two finite positive parameters");
        }
        this.priorSuccesses = priorSuccesses;
        this.priorFailures = priorFailures;
    }

    /**
     * Draws one sample per arm, in the order of the list, from its posterior Beta and picks the highest draw (the
     * first of equal draws). The same arms and an rng in the same state give the same choice.
     */
    public Choice choose(List<Arm> arms, RandomGenerator rng) {
        validate(arms);
        Objects.requireNonNull(rng, "rng");
        Map<String, Double> draws = new LinkedHashMap<>();
        Map<String, Double> means = new LinkedHashMap<>();
        Arm best = null;
        double bestDraw = Double.NEGATIVE_INFINITY;
        for (Arm arm : arms) {
            double draw = posterior(arm, rng).sample();
            draws.put(arm.name(), draw);
            means.put(arm.name(), posteriorMean(arm));
            if (draw > bestDraw) {
                best = arm;
                bestDraw = draw;
            }
        }
        return new Choice(best, Collections.unmodifiableMap(draws), Collections.unmodifiableMap(means));
    }

    /**
     * Monte Carlo estimate of each arm's probability of having the highest rate: the share of {@code draws} rounds
     * (one draw per arm each) it wins, by arm name in the order of the input; the values sum to 1.
     */
    public Map<String, Double> probabilityBest(List<Arm> arms, int draws, RandomGenerator rng) {
        validate(arms);
        Objects.requireNonNull(rng, "rng");
        if (draws < 1) {
            throw new IllegalArgumentException("probabilityBest needs at least one draw, got " + draws);
        }
        BetaDistribution[] posteriors = arms.stream().map(arm -> posterior(arm, rng)).toArray(BetaDistribution[]::new);
        long[] wins = new long[arms.size()];
        for (int d = 0; d < draws; d++) {
            int best = 0;
            double bestDraw = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < posteriors.length; i++) {
                double draw = posteriors[i].sample();
                if (draw > bestDraw) {
                    best = i;
                    bestDraw = draw;
                }
            }
            wins[best]++;
        }
        Map<String, Double> result = new LinkedHashMap<>();
        for (int i = 0; i < wins.length; i++) {
            result.put(arms.get(i).name(), (double) wins[i] / draws);
        }
        return Collections.unmodifiableMap(result);
    }

    /** The posterior mean rate (prior successes + successes) / (prior total + trials). */
    public double posteriorMean(Arm arm) {
        return (priorSuccesses + arm.successes()) / (priorSuccesses + priorFailures + arm.trials());
    }

    private BetaDistribution posterior(Arm arm, RandomGenerator rng) {
        return new BetaDistribution(rng, priorSuccesses + arm.successes(),
                priorFailures + (arm.trials() - arm.successes()), BetaDistribution.DEFAULT_INVERSE_ABSOLUTE_ACCURACY);
    }

    private static void validate(List<Arm> arms) {
        if (arms == null || arms.isEmpty()) {
            throw new IllegalArgumentException("the bandit needs at least one arm");
        }
        Set<String> names = new HashSet<>();
        for (Arm arm : arms) {
            if (arm == null) {
                throw new IllegalArgumentException("the list of arms contains null");
            }
            if (!names.add(arm.name())) {
                throw new IllegalArgumentException("arm name '" + arm.name() + "' appears more than once");
            }
        }
    }
}
