package dev.fanout.bench.recording;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.HdrHistogram.Histogram;

/**
 * One row of summary.csv: one trial. Times are of one whole op (a fetch-N) in ms; a blank means "not
 * measured" (recording off, or the trial failed), never zero.
 *
 * @param meanMs               JMH's score, the mean op time
 * @param ratioToIdeal         meanMs / idealMs: 1.0 is the physical limit, and below it the measurement is wrong
 * @param status               {@code OK}, {@code FAIL} (requests failed or JMH had no result) or
 *                             {@code INVALID} (faster than physically possible)
 * @param serverLatenessP99Ms  the stub server's timer lateness p99 during the trial, from its /stats
 * @param serverMaxInFlight    the most requests the server held at once during the trial
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"benchmark", "model", "n", "latency_ms", "concurrency", "cpu_us", "ops", "requests", "errors",
        "mean_ms", "p50_ms", "p90_ms", "p99_ms", "max_ms", "ideal_ms", "ratio_to_ideal", "status",
        "jmh_benchmark", "jmh_params", "executor", "server_lateness_p99_ms", "server_max_in_flight", "first_error"})
public record SummaryRow(String benchmark, String model, int n, double latencyMs, int concurrency, long cpuUs,
                         long ops, long requests, long errors,
                         Double meanMs, Double p50Ms, Double p90Ms, Double p99Ms, Double maxMs,
                         double idealMs, Double ratioToIdeal, String status,
                         String jmhBenchmark, String jmhParams, String executor,
                         Double serverLatenessP99Ms, Long serverMaxInFlight, String firstError) {
    public static final String OK = "OK";
    public static final String FAIL = "FAIL";
    public static final String INVALID = "INVALID";

    /**
     * The row of a merged trial.
     *
     * @param meanMs JMH's mean op time, or null when JMH has no result for the trial
     */
    public static SummaryRow of(MergedTrial trial, Double meanMs, Double serverLatenessP99Ms, Long serverMaxInFlight) {
        TrialSpec spec = trial.spec();
        Double ratio = meanMs == null ? null : meanMs / spec.idealMs();
        String status = trial.errors() > 0 || meanMs == null ? FAIL : ratio < 1.0 ? INVALID : OK;
        Histogram ops = trial.opMicros();
        boolean timed = ops != null && ops.getTotalCount() > 0;
        return new SummaryRow(spec.benchmark(), spec.model(), spec.n(), spec.latencyMs(), spec.concurrency(),
                spec.cpuUs(), trial.ops(), trial.requests(), trial.errors(), meanMs,
                timed ? millis(ops.getValueAtPercentile(50)) : null,
                timed ? millis(ops.getValueAtPercentile(90)) : null,
                timed ? millis(ops.getValueAtPercentile(99)) : null,
                timed ? millis(ops.getMaxValue()) : null,
                spec.idealMs(), ratio, status, spec.jmhBenchmark(), spec.jmhParams(), spec.executor(),
                serverLatenessP99Ms, serverMaxInFlight, trial.firstError());
    }

    private static double millis(long micros) {
        return micros / HistogramFiles.MICROS_PER_MILLI;
    }

    /** The key that joins a row to its JMH result. */
    @JsonIgnore
    public String jmhKey() {
        return jmhBenchmark + " " + jmhParams;
    }
}
