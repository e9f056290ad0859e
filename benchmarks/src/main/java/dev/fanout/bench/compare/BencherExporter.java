package dev.fanout.bench.compare;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Arrays;
import java.util.Set;

/**
 * The current run in Bencher Metric Format: {@code {benchmark: {measure: {value, lower_value, upper_value}}}}
 * with the median and the extreme samples. Bencher's built-in measures are {@code latency} in nanoseconds and
 * {@code throughput} in operations per second, so scores are converted to those; fan-out benchmarks add a
 * {@code ratio-to-ideal} measure, which Bencher creates on first use. Benchmark names carry the params, so
 * Bencher does not merge {@code @Param} variants.
 */
public final class BencherExporter {

    private static final ScoreUnit NS_PER_OP = new ScoreUnit("ns/op", true, 1e-9);
    private static final ScoreUnit OPS_PER_S = new ScoreUnit("ops/s", false, 1);
    /** Modes whose measure alone tells them apart; others (sample, ss) would collide with avgt as latency. */
    private static final Set<String> PLAIN_MODES = Set.of("thrpt", "avgt");

    private BencherExporter() {
    }

    public static String export(Report report) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        for (Comparison c : report.comparisons()) {
            if (c.current().length == 0) {
                continue;
            }
            BenchmarkKey key = c.key();
            String name = key.params().isEmpty() ? key.benchmark() : key.benchmark() + " [" + key.paramsText() + "]";
            if (!PLAIN_MODES.contains(key.mode())) {
                name += " (" + key.mode() + ")";
            }
            ObjectNode benchmark = root.has(name) ? (ObjectNode) root.get(name) : root.putObject(name);
            ScoreUnit target = c.unit().isTimePerOp() ? NS_PER_OP : OPS_PER_S;
            double[] converted = Arrays.stream(c.current()).map(v -> c.unit().convert(v, target)).toArray();
            metric(benchmark.putObject(c.unit().isTimePerOp() ? "latency" : "throughput"), converted);
            if (c.judgedOnRatio()) {
                metric(benchmark.putObject("ratio-to-ideal"), c.currentRatio());
            }
        }
        return root.toPrettyString() + "\n";
    }

    private static void metric(ObjectNode measure, double[] samples) {
        measure.put("value", Comparison.median(samples));
        measure.put("lower_value", Arrays.stream(samples).min().orElse(Double.NaN));
        measure.put("upper_value", Arrays.stream(samples).max().orElse(Double.NaN));
    }
}
