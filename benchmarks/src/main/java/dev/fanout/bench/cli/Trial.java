package dev.fanout.bench.cli;

import dev.fanout.bench.models.Model;
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

    /**
     * Whether the footprint profiler counts pinned virtual threads here: it takes a JFR stream per iteration
     * (about {@link Plan#PINNING_COST_PER_ITERATION} of wall time, outside the measured time), spent only
     * where a virtual thread can be pinned: every scenario, and the fan-out models on virtual threads.
     */
    boolean countsPinning() {
        String model = params.get("model");
        return model == null || Model.valueOf(model).usesVirtualThreads();
    }

    /** A short label for progress lines, e.g. {@code FetchNBenchmark.fetchN model=fixed_pool n=100 k=8}. */
    String label() {
        String simple = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
        return simple + " " + params.entrySet().stream()
                .filter(e -> !e.getKey().equals("recording"))
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }
}
