package dev.fanout.bench.workload;

import java.util.List;
import java.util.Map;

/**
 * What one op of a workload produced and saw: the same shape for a model and for a scenario.
 *
 * @param replies  each request's reply ({@code null} for a failed one), in submission order; for
 *                 {@code cpu_io_mix} the I/O replies, then each CPU task's sum
 * @param lost     requests still running when the op stopped waiting for them ({@code fire_and_forget} when its
 *                 sleep ends, {@code structured} on a failure or its deadline); they were cancelled, their work lost
 * @param observed what the scenario observed, by the names the results use (JSON-friendly values)
 */
public record Outcome(List<String> replies, int lost, Map<String, Object> observed) {

    public Outcome(List<String> replies, Map<String, Object> observed) {
        this(replies, 0, observed);
    }

    /** The replies of an op that observed nothing beyond them. */
    public Outcome(List<String> replies) {
        this(replies, 0, Map.of());
    }

    /** An observed count or time, for the checks of tests and of the benchmark. */
    public double number(String key) {
        Object value = observed.get(key);
        if (!(value instanceof Number number)) {
            throw new IllegalArgumentException("no number '" + key + "' observed; observed: " + observed.keySet());
        }
        return number.doubleValue();
    }
}
