package dev.fanout.bench.compare;

import java.util.List;

/**
 * One benchmark's measurements from one results folder.
 *
 * @param forks   per fork, its measurement iterations' scores, in {@code unit}
 * @param label   summary.csv's {@code benchmark} label, or the JMH method name when there is none
 * @param idealMs summary.csv's {@code ideal_ms} (L x ceil(N / k)), NaN when unknown
 * @param boundMs summary.csv's {@code bound_ms} (the tightest bound, from the run's own CPU figures), NaN when unknown
 */
public record BenchmarkRun(BenchmarkKey key, ScoreUnit unit, List<double[]> forks, String label, double idealMs,
                           double boundMs) {
}
