package dev.fanout.bench.compare;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Holm's step-down correction, as adjusted p-values (R's {@code p.adjust(p, "holm")}): the i-th smallest of m
 * p-values is multiplied by (m - i + 1), kept monotone, capped at 1. Controls the chance of any false "worse"
 * across the whole suite, like Bonferroni, while rejecting at least as much. commons-math3 has no multiple
 * comparison corrections.
 */
public final class Holm {

    private Holm() {
    }

    /** NaN p-values (untestable comparisons) count towards m and come back as NaN. */
    public static double[] adjust(double[] p) {
        int m = p.length;
        Integer[] order = IntStream.range(0, m).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> Double.isNaN(p[i]) ? Double.POSITIVE_INFINITY : p[i]));
        double[] adjusted = new double[m];
        double running = 0;
        for (int rank = 0; rank < m; rank++) {
            int i = order[rank];
            if (Double.isNaN(p[i])) {
                adjusted[i] = Double.NaN;
                continue;
            }
            running = Math.max(running, Math.min(1.0, (m - rank) * p[i]));
            adjusted[i] = running;
        }
        return adjusted;
    }
}
