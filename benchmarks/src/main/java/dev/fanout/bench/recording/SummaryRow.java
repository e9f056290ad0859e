package dev.fanout.bench.recording;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
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
 * @param peakThreads          the most live platform threads in a fork during measurement (footprint profiler)
 * @param pinnedEvents         times a virtual thread blocked while pinned to its carrier, all measured forks
 * @param details              what the trial observed beyond the counts, as JSON (connections opened, waiters woken, ...)
 * @param articleS             the seed article's own time for the trial, s: only on a scenario run at the article's
 *                             exact setting (N = 3, L = 1000 ms, 2 permits, a 1.1 s sleep, 3 CPU tasks), blank otherwise
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"benchmark", "model", "n", "latency_ms", "concurrency", "cpu_us", "ops", "requests", "errors",
        "mean_ms", "p50_ms", "p90_ms", "p99_ms", "max_ms", "ideal_ms", "ratio_to_ideal", "status",
        "jmh_benchmark", "jmh_params", "executor", "server_lateness_p99_ms", "server_max_in_flight", "peak_threads", "peak_rss_mb", "alloc_bytes_per_op",
        "cpu_ms_per_op", "pinned_events", "first_error", "details", "article_s"})
public record SummaryRow(String benchmark, String model, int n, double latencyMs, int concurrency, long cpuUs,
                         long ops, long requests, long errors,
                         Double meanMs, Double p50Ms, Double p90Ms, Double p99Ms, Double maxMs,
                         double idealMs, Double ratioToIdeal, String status,
                         String jmhBenchmark, String jmhParams, String executor,
                         Double serverLatenessP99Ms, Long serverMaxInFlight,
                         Double peakThreads, Double peakRssMb, Double allocBytesPerOp, Double cpuMsPerOp,
                         Double pinnedEvents, String firstError, String details, Double articleS) {
    public static final String OK = "OK";
    public static final String FAIL = "FAIL";
    public static final String INVALID = "INVALID";

    /**
     * The row of a merged trial.
     *
     * @param meanMs JMH's mean op time, or null when JMH has no result for the trial
     */
    public static SummaryRow of(MergedTrial trial, Double meanMs, Double serverLatenessP99Ms, Long serverMaxInFlight,
                                Footprint footprint) {
        TrialSpec spec = trial.spec();
        Double ratio = meanMs == null ? null : round(meanMs / spec.idealMs(), 4);
        String status = trial.errors() > 0 || meanMs == null ? FAIL : ratio < 1.0 ? INVALID : OK;
        Histogram ops = trial.opMicros();
        boolean timed = ops != null && ops.getTotalCount() > 0;
        return new SummaryRow(spec.benchmark(), spec.model(), spec.n(), spec.latencyMs(), spec.concurrency(),
                spec.cpuUs(), trial.ops(), trial.requests(), trial.errors(), meanMs == null ? null : round(meanMs, 3),
                timed ? millis(ops.getValueAtPercentile(50)) : null,
                timed ? millis(ops.getValueAtPercentile(90)) : null,
                timed ? millis(ops.getValueAtPercentile(99)) : null,
                timed ? millis(ops.getMaxValue()) : null,
                spec.idealMs(), ratio, status, spec.jmhBenchmark(), spec.jmhParams(), spec.executor(),
                serverLatenessP99Ms, serverMaxInFlight, footprint.peakThreads(), footprint.peakRssMb(),
                footprint.allocBytesPerOp(), footprint.cpuMsPerOp(), footprint.pinnedEvents(),
                trial.firstError(), json(trial.details()), spec.articleS());
    }

    private static double millis(long micros) {
        return micros / HistogramFiles.MICROS_PER_MILLI;
    }

    /** Rounds to {@code decimals} places: µs are the resolution of every time here, more digits are noise. */
    private static double round(double value, int decimals) {
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_EVEN).doubleValue();
    }

    private static String json(Map<String, Object> details) {
        try {
            return details.isEmpty() ? null : TrialRecorder.JSON.writeValueAsString(details);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("details are not JSON: " + details, e);
        }
    }
}
