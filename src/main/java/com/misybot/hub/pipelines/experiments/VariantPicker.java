package com.misybot.hub.pipelines.experiments;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Picks a session's variant by weight, deterministically: SHA-256 of {@code experimentId + ":" + sessionId} gives a
 * uniform point in [0, 1) laid on the variants' cumulative weights. Every replica picks the same variant for the
 * same session without asking anybody; the pick is then stored (ExperimentAssignments) so it outlives weight edits.
 */
public final class VariantPicker {

    private VariantPicker() {
    }

    public static String pick(String experimentId, String sessionId, List<ExperimentDefinition.Variant> variants) {
        double total = variants.stream().mapToDouble(ExperimentDefinition.Variant::weight).sum();
        double point = unitPoint(experimentId + ":" + sessionId) * total;
        double cumulative = 0;
        for (ExperimentDefinition.Variant variant : variants) {
            cumulative += variant.weight();
            if (point < cumulative) {
                return variant.name();
            }
        }
        // rounding at the very end of the range
        return variants.get(variants.size() - 1).name();
    }

    /** The first 53 bits of the key's SHA-256 as a double in [0, 1). */
    static double unitPoint(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            long bits = ByteBuffer.wrap(digest).getLong() >>> 11;
            return bits / (double) (1L << 53);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
