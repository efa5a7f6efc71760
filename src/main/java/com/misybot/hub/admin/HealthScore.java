package com.misybot.hub.admin;

/**
 * An agent's health score, 0 to 100, and its status (the README's Operations section states the same formula):
 * <pre>
 *   score = 100
 *         − 50 × error rate over 5 min                           (every exchange failed: −50)
 *         − 20 × min(1, max(0, p95 over 5 min ÷ SLO − 1))        (p95 at twice the SLO or more: −20)
 *         − 15 if its dead-letter queue holds messages
 *         − 30 if stalled: messages ready, and no consumer or nothing done in the last minute
 *   0 when a route of the agent is not started although nobody paused or terminated it
 * </pre>
 * Status: {@code paused} when an operator paused or terminated it; {@code failed} when a route is down otherwise;
 * {@code degraded} below {@link #DEGRADED_BELOW}; {@code running} with exchanges in flight or done in the last
 * minute; else {@code idle}. A paused agent is not penalized for the queue it leaves waiting.
 */
final class HealthScore {

    static final int DEGRADED_BELOW = 70;

    record Inputs(boolean pausedByOperator, boolean routesDown, double errorRate5m, Long p95Ms5m, long deadLetters,
                  long ready, Integer consumers, long done1m, int inFlight) {
    }

    private final long sloMillis;

    HealthScore(long sloMillis) {
        this.sloMillis = sloMillis;
    }

    int score(Inputs in) {
        if (in.routesDown() && !in.pausedByOperator()) {
            return 0;
        }
        double score = 100 - 50 * in.errorRate5m();
        if (in.p95Ms5m() != null && sloMillis > 0) {
            score -= 20 * Math.min(1, Math.max(0, (double) in.p95Ms5m() / sloMillis - 1));
        }
        if (in.deadLetters() > 0) {
            score -= 15;
        }
        if (stalled(in)) {
            score -= 30;
        }
        return (int) Math.max(0, Math.min(100, Math.round(score)));
    }

    String status(Inputs in, int score) {
        if (in.pausedByOperator()) {
            return "paused";
        }
        if (in.routesDown()) {
            return "failed";
        }
        if (score < DEGRADED_BELOW) {
            return "degraded";
        }
        return in.inFlight() > 0 || in.done1m() > 0 ? "running" : "idle";
    }

    private static boolean stalled(Inputs in) {
        if (in.pausedByOperator() || in.ready() == 0) {
            return false;
        }
        boolean noConsumer = in.consumers() != null && in.consumers() == 0;
        return noConsumer || in.done1m() == 0;
    }
}
