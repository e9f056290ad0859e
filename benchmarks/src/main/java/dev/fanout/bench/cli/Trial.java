package dev.fanout.bench.cli;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * One trial the launcher hands to JMH: a benchmark method, one value for each of its params, the ideal
 * time of one op (to plan the iterations and to print beside the result), and the iterations.
 *
 * @param benchmark the JMH benchmark, {@code Class.method}, fully qualified
 * @param params    one value per JMH param
 * @param idealMs   the physical limit of one op on this machine, ms
 */
record Trial(String benchmark, Map<String, String> params, double idealMs, IterationPlan iterations) {

    /** A short label for progress lines, e.g. {@code FetchNBenchmark.fetchN model=fixed_pool n=100 k=8}. */
    String label() {
        String simple = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
        return simple + " " + params.entrySet().stream()
                .filter(e -> !e.getKey().equals("recording"))
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }
}
