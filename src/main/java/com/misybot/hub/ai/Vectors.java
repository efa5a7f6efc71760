package com.misybot.hub.ai;

/** Small vector helpers shared by the embedding service and the indexes. */
public final class Vectors {

    private Vectors() {
    }

    /** {@code v} scaled to unit length (in place); a zero vector stays zero. */
    public static float[] normalize(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        if (norm > 0) {
            float scale = (float) (1.0 / Math.sqrt(norm));
            for (int i = 0; i < v.length; i++) {
                v[i] *= scale;
            }
        }
        return v;
    }

    /** The unit mean of {@code vectors} (all of one length, at least one). */
    public static float[] mean(java.util.List<float[]> vectors) {
        float[] sum = new float[vectors.get(0).length];
        for (float[] v : vectors) {
            for (int i = 0; i < sum.length; i++) {
                sum[i] += v[i];
            }
        }
        return normalize(sum);
    }

    public static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
