package dev.fanout.bench.recording;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.fanout.bench.suite.Setting;
import dev.fanout.bench.workload.ServerUsage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One row of summary.csv: one trial, and every key the notebook and {@code compare} read, so that neither
 * recomputes anything Java computed. Times are ms; op times are of one whole op (a fan-out), request times
 * of one request; a blank means "not measured" (recording off, or the trial failed), never zero.
 *
 * @param trial                the trial in words, naming the params that matter: {@code fixed_pool okhttp n=1000 L=100 k=64}
 * @param benchmark            {@code fetch_n} for a concurrency model, the scenario's name for one of the article's
 * @param workload             the model or scenario, as {@code -p workload=} names it
 * @param model                the model, or a scenario's arrangement ("-" for a scenario without one)
 * @param k                    the {@code k} param: a pool's threads or a semaphore's permits, 0 where unused
 * @param concurrency          requests that can be in flight at once: the k of the ideal L × ceil(N / k)
 * @param meanMs               JMH's score, the mean op time
 * @param ratioToIdeal         meanMs / idealMs: 1.0 is the physical limit, and below it the measurement is wrong
 * @param clientCpuUsPerRequest the client's CPU per request, µs: the workload's CPU per op (the JIT's left out) over N
 * @param serverCpuUsPerRequest the stub server's CPU per request it received during the measurement iterations (over
 *                             the whole trial for asyncio, whose Python process cannot tell its iterations), µs
 * @param cpuFloorMs           the other bound: the op's CPU, client's and server's, spread over every core at once;
 *                             blank when either side's CPU is unknown
 * @param bound                which bound is the higher, so the one a row is judged near: {@code latency} (the
 *                             ideal) or {@code cpu} (the floor)
 * @param ratioToBound         meanMs over the higher bound
 * @param status               {@code OK}, {@code FAIL} (requests failed or JMH had no result) or
 *                             {@code INVALID} (faster than physically possible)
 * @param hdr                  the stem of the trial's histogram files, relative to the results folder: add
 *                             {@code .request.hgrm}, {@code .op.hlog}, ...; blank when nothing was recorded
 * @param jmhParams            the trial's JMH params, sorted by name, {@code name=value} joined by {@code ;}
 * @param serverLatenessP99Ms  the stub server's timer lateness p99 during the trial, from its /stats
 * @param serverMaxInFlight    the most requests the server held at once during the trial
 * @param peakThreads          the most live platform threads in a fork during measurement (footprint profiler)
 * @param cpuMsPerOp           the CPU the workload used per op, the JIT's left out (footprint profiler)
 * @param jitCpuMsPerOp        the JIT compilers' CPU per op meanwhile, reported apart
 * @param pinnedEvents         times a virtual thread blocked while pinned to its carrier, all measured forks
 * @param details              what the trial observed beyond the counts, as JSON (connections opened, waiters woken, ...)
 * @param articleS             the seed article's own time for the trial, s: only at the article's exact setting
 *                             (N = 3, L = 1000 ms, 2 permits, a 1.1 s sleep, 3 CPU tasks), blank otherwise
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"trial", "benchmark", "workload", "model", "client", "pools", "n", "latency_ms", "k", "concurrency", "cpu_us",
        "ops", "requests", "errors", "mean_ms", "p50_ms", "p90_ms", "p99_ms", "p999_ms", "max_ms",
        "request_p50_ms", "request_p90_ms", "request_p99_ms", "request_p999_ms", "request_max_ms",
        "ideal_ms", "ratio_to_ideal", "client_cpu_us_per_request", "server_cpu_us_per_request", "cpu_floor_ms",
        "bound", "ratio_to_bound", "status", "hdr", "jmh_benchmark", "jmh_params", "executor",
        "server_lateness_p99_ms", "server_max_in_flight", "peak_threads", "peak_rss_mb", "alloc_bytes_per_op",
        "cpu_ms_per_op", "jit_cpu_ms_per_op", "pinned_events", "first_error", "details", "article_s"})
public record SummaryRow(String trial, String benchmark, String workload, String model, String client, int pools,
                         int n, double latencyMs, int k, int concurrency, long cpuUs,
                         long ops, long requests, long errors,
                         Double meanMs, Double p50Ms, Double p90Ms, Double p99Ms, Double p999Ms, Double maxMs,
                         Double requestP50Ms, Double requestP90Ms, Double requestP99Ms, Double requestP999Ms,
                         Double requestMaxMs,
                         double idealMs, Double ratioToIdeal, Double clientCpuUsPerRequest,
                         Double serverCpuUsPerRequest, Double cpuFloorMs, String bound, Double ratioToBound,
                         String status,
                         String hdr, String jmhBenchmark, String jmhParams, String executor,
                         Double serverLatenessP99Ms, Long serverMaxInFlight,
                         Double peakThreads, Double peakRssMb, Double allocBytesPerOp, Double cpuMsPerOp,
                         Double jitCpuMsPerOp, Double pinnedEvents, String firstError, String details, Double articleS) {
    public static final String OK = "OK";
    public static final String FAIL = "FAIL";
    public static final String INVALID = "INVALID";
    public static final String LATENCY_BOUND = "latency";
    public static final String CPU_BOUND = "cpu";

    /**
     * The row of a merged trial.
     *
     * @param meanMs JMH's mean op time, or null when JMH has no result for the trial
     * @param server what the server's /stats said of the trial
     * @param cores  the processors the client and the server share
     */
    public static SummaryRow of(MergedTrial trial, Double meanMs, ServerUsage server, Footprint footprint, int cores) {
        TrialSpec spec = trial.spec();
        Setting setting = spec.setting();
        Double ratio = meanMs == null ? null : round(meanMs / spec.idealMs(), 4);
        Double clientCpuUs = footprint.cpuMsPerOp() == null ? null : round(footprint.cpuMsPerOp() * 1000 / setting.n(), 2);
        // The fork's measured iterations where it read the server's CPU; the whole trial where it could not (asyncio).
        Double serverCpuMicros = trial.serverCpuMicrosPerRequest() != null ? trial.serverCpuMicrosPerRequest()
                : server.cpuMicrosPerRequest();
        Double serverCpuUs = serverCpuMicros == null ? null : round(serverCpuMicros, 2);
        Double floor = footprint.cpuMsPerOp() == null || serverCpuUs == null ? null
                : round((footprint.cpuMsPerOp() + setting.n() * serverCpuUs / 1000) / cores, 3);
        boolean cpuBound = floor != null && floor > spec.idealMs();
        double bound = cpuBound ? floor : spec.idealMs();
        String status = trial.errors() > 0 || meanMs == null ? FAIL : ratio < 1.0 ? INVALID : OK;
        Percentiles ops = Percentiles.of(trial.opMicros());
        Percentiles requests = Percentiles.of(trial.requestMicros());
        return new SummaryRow(setting.label(), setting.benchmark(), setting.workload().name(), setting.model(), setting.client().name(),
                setting.pools(), setting.n(), setting.latencyMs(), setting.k(), spec.concurrency(), setting.cpuMicros(),
                trial.ops(), trial.requests(), trial.errors(), meanMs == null ? null : round(meanMs, 3),
                ops.p50(), ops.p90(), ops.p99(), ops.p999(), ops.max(),
                requests.p50(), requests.p90(), requests.p99(), requests.p999(), requests.max(),
                spec.idealMs(), ratio, clientCpuUs, serverCpuUs, floor, cpuBound ? CPU_BOUND : LATENCY_BOUND,
                meanMs == null ? null : round(meanMs / bound, 4), status,
                trial.opMicros() == null ? null : ResultsLayout.histograms(setting),
                spec.jmhBenchmark(), spec.jmhParams(), spec.executor(),
                server.latenessP99Ms(), server.maxInFlight(), footprint.peakThreads(), footprint.peakRssMb(),
                footprint.allocBytesPerOp(), footprint.cpuMsPerOp(), footprint.jitCpuMsPerOp(), footprint.pinnedEvents(),
                trial.firstError(), json(trial.details()), setting.articleSeconds());
    }

    /** The percentiles summary.csv gives of a histogram in µs, in ms; all null when nothing was recorded. */
    private record Percentiles(Double p50, Double p90, Double p99, Double p999, Double max) {
        static Percentiles of(Histogram micros) {
            if (micros == null || micros.getTotalCount() == 0) {
                return new Percentiles(null, null, null, null, null);
            }
            return new Percentiles(at(micros, 50), at(micros, 90), at(micros, 99), at(micros, 99.9),
                    micros.getMaxValue() / HistogramFiles.MICROS_PER_MILLI);
        }

        private static Double at(Histogram micros, double percentile) {
            return micros.getValueAtPercentile(percentile) / HistogramFiles.MICROS_PER_MILLI;
        }
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
