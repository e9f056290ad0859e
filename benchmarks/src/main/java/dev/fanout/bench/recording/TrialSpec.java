package dev.fanout.bench.recording;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What one benchmark trial is, in the results' terms: the row of summary.csv it becomes, the JMH result it
 * joins (by JMH benchmark name and params), and the physical limit it is judged against.
 *
 * @param benchmark    the row's benchmark: {@code fetch_n}, or an article scenario such as {@code lock}
 * @param model        the concurrency model or arrangement
 * @param name         the file stem of its histograms, naming every param, e.g. {@code fixed_pool-n1000-l100-k64-c0}
 * @param jmhBenchmark JMH's name of the benchmark method
 * @param jmhParams    JMH's params, sorted by name, as {@code name=value} joined by {@code ;}
 * @param n            requests in one op
 * @param latencyMs    the server delay of each request, ms
 * @param concurrency  requests that can be in flight at once (the k of the ideal time)
 * @param cpuUs        CPU work per response, µs
 * @param executor     what really ran the requests
 * @param idealMs      the least possible time of one op, ms
 * @param articleS     the seed article's own time for this trial, s, only when the trial is the article's own
 *                     setting (a scenario at N = 3, L = 1000 ms, ...); null otherwise
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TrialSpec(String benchmark, String model, String name, String jmhBenchmark, String jmhParams,
                        int n, double latencyMs, int concurrency, long cpuUs, String executor, double idealMs,
                        Double articleS) {

    /** A trial the article did not measure. */
    public TrialSpec(String benchmark, String model, String name, String jmhBenchmark, String jmhParams,
                     int n, double latencyMs, int concurrency, long cpuUs, String executor, double idealMs) {
        this(benchmark, model, name, jmhBenchmark, jmhParams, n, latencyMs, concurrency, cpuUs, executor, idealMs, null);
    }

    /** JMH's params in the one spelling the results use to join a row to its JMH result. */
    public static String jmhParams(Map<String, String> params) {
        return new TreeMap<>(params).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(";"));
    }
}
