package dev.fanout.bench.scenarios;

import java.util.List;
import java.util.Map;

/**
 * What one run of a scenario produced and saw.
 *
 * @param replies  each request's reply ({@code null} for a failed one), in submission order; for
 *                 {@code cpu_io_mix} the I/O replies, then each CPU task's sum
 * @param lost     requests still running when the scenario stopped waiting for them (only
 *                 {@code fire_and_forget} stops early); they were cancelled, and their work is lost
 * @param observed what the scenario observed, by the names the results use (JSON-friendly values)
 */
public record Outcome(List<String> replies, int lost, Map<String, Object> observed) {

    Outcome(List<String> replies, Map<String, Object> observed) {
        this(replies, 0, observed);
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
