package com.misybot.hub.agents.trends;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * ViralScore of a trend (0..100), README "ViralScore":
 * <pre>
 *   score = 100 * D * (wV * V/(V+v0) + wA * A+/(A+ + a0) + wE * min(1, E/e0) + wN * N)
 * </pre>
 * V = mentions per hour over the last h hours (velocity), A+ = max(0, that minus the mentions per hour of the h hours
 * before) (acceleration), E = engagements / impressions of its signals that report impressions (engagement rate),
 * N = 1 - the highest cosine similarity of its centroid to a trend known before it (novelty, kept from its first
 * run), D = 0.5^(hours since its last signal / half-life) (recency decay). The constants are config/trends.yaml
 * {@code score}.
 */
public record ViralScore(double score, double velocity, double acceleration, double engagementRate, double novelty,
                         double hoursSinceLastSeen, double decay) {

    /** What the score is computed from: each signal's time, mentions, engagements and impressions. */
    public record Mention(Instant at, long mentions, long engagements, long impressions) {
    }

    public static ViralScore of(List<Mention> mentions, double novelty, Instant now, TrendSettings.Score s) {
        double h = s.velocityHours();
        Instant recentFrom = now.minusMillis((long) (h * 3_600_000));
        Instant previousFrom = now.minusMillis((long) (2 * h * 3_600_000));
        double recent = 0;
        double previous = 0;
        long engagements = 0;
        long impressions = 0;
        Instant last = null;
        for (Mention m : mentions) {
            if (m.at().isAfter(recentFrom)) {
                recent += m.mentions();
            } else if (m.at().isAfter(previousFrom)) {
                previous += m.mentions();
            }
            if (m.impressions() > 0) {
                engagements += m.engagements();
                impressions += m.impressions();
            }
            last = last == null || m.at().isAfter(last) ? m.at() : last;
        }
        double velocity = recent / h;
        double acceleration = (recent - previous) / h;
        double rate = impressions == 0 ? 0 : (double) engagements / impressions;
        double age = last == null ? 0 : Math.max(0, Duration.between(last, now).toMillis() / 3_600_000.0);
        double decay = Math.pow(0.5, age / (s.halfLife().toMillis() / 3_600_000.0));
        double accel = Math.max(0, acceleration);
        double n = Math.max(0, Math.min(1, novelty));
        double raw = s.velocityWeight() * velocity / (velocity + s.velocityScale())
                + s.accelerationWeight() * accel / (accel + s.accelerationScale())
                + s.engagementWeight() * Math.min(1, rate / s.engagementScale())
                + s.noveltyWeight() * n;
        return new ViralScore(round(100 * decay * raw, 1), round(velocity, 3), round(acceleration, 3), round(rate, 4),
                round(n, 3), round(age, 2), round(decay, 4));
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
