package dev.fanout.bench.recording;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.fanout.bench.suite.Setting;
import dev.fanout.bench.workload.ServerUsage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
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
 * @param rate                 service mode: fan-outs offered a second (the schedule's rate); for a {@value #KNEE} row, the
 *                             knee, the highest rate of its sweep that held; blank in the closed loop
 * @param arrivals             service mode: {@code uniform} or {@code poisson} gaps between arrivals
 * @param meanMs               the mean op time: JMH's score in the closed loop; in service mode, where JMH's op is a
 *                             whole window, the mean response time of an arrival from its histogram
 * @param serviceP50Ms         service mode: an arrival's service time, from its actual start, p50 (the op columns
 *                             hold its response time, from its intended start)
 * @param serviceP99Ms         the same, p99
 * @param latenessP99Ms        service mode: how late the arrivals started, p99
 * @param lateArrivals         service mode: arrivals that started over 1 ms late
 * @param achievedRate         service mode: arrivals started a second; short of {@code rate} by over 1%, status SHORT
 * @param responseLimitMs      service mode: the p99 response time a step must keep to hold: the launcher's {@code --limit}
 *                             (default {@value #DEFAULT_LIMIT_PER_IDEAL}) × ideal
 * @param rateBound            service mode: the most fan-outs a second the cores could serve at this step's CPU per
 *                             fan-out, client's and server's: 1000 / cpuFloorMs; no rate above it can hold
 * @param held                 service mode: whether this step held: OK, and p99 response within the limit
 * @param ratioToIdeal         meanMs / idealMs: 1.0 is the physical limit, and below it the measurement is wrong
 * @param clientCpuUsPerRequest the client's CPU per request, µs: the workload's CPU per op (the JIT's left out) over N
 * @param serverCpuUsPerRequest the stub server's CPU per request it received during the measurement iterations (over
 *                             the whole trial for asyncio, whose Python process cannot tell its iterations), µs
 * @param cpuFloorMs           the other bound: the op's CPU, client's and server's, spread over every core at once;
 *                             blank when either side's CPU is unknown
 * @param bound                which bound is the higher, so the one a row is judged near: {@code latency} (the
 *                             ideal) or {@code cpu} (the floor)
 * @param ratioToBound         meanMs over the higher bound
 * @param status               {@code OK}, {@code FAIL} (requests failed or JMH had no result),
 *                             {@code INVALID} (faster than physically possible) or, in service mode, {@code SHORT}
 *                             (the scheduler started fewer arrivals than the rate asks, by over 1%)
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
        "rate", "arrivals", "ops", "requests", "errors", "mean_ms", "p50_ms", "p90_ms", "p99_ms", "p999_ms", "max_ms",
        "request_p50_ms", "request_p90_ms", "request_p99_ms", "request_p999_ms", "request_max_ms",
        "service_p50_ms", "service_p99_ms", "lateness_p99_ms", "late_arrivals", "achieved_rate", "response_limit_ms",
        "rate_bound", "held",
        "ideal_ms", "ratio_to_ideal", "client_cpu_us_per_request", "server_cpu_us_per_request", "cpu_floor_ms",
        "bound", "ratio_to_bound", "status", "hdr", "jmh_benchmark", "jmh_params", "executor",
        "server_lateness_p99_ms", "server_max_in_flight", "peak_threads", "peak_rss_mb", "alloc_bytes_per_op",
        "cpu_ms_per_op", "jit_cpu_ms_per_op", "pinned_events", "first_error", "details", "article_s"})
public record SummaryRow(String trial, String benchmark, String workload, String model, String client, int pools,
                         int n, double latencyMs, int k, int concurrency, long cpuUs, Integer rate, String arrivals,
                         long ops, long requests, long errors,
                         Double meanMs, Double p50Ms, Double p90Ms, Double p99Ms, Double p999Ms, Double maxMs,
                         Double requestP50Ms, Double requestP90Ms, Double requestP99Ms, Double requestP999Ms,
                         Double requestMaxMs, Double serviceP50Ms, Double serviceP99Ms, Double latenessP99Ms,
                         Long lateArrivals, Double achievedRate, Double responseLimitMs, Double rateBound, Boolean held,
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
    public static final String SHORT = "SHORT";
    /** The {@code benchmark} of a sweep's knee row. */
    public static final String KNEE = "knee";
    /**
     * By default a service step holds while its p99 response time is within this many times the ideal of one fan-out
     * (the launcher's {@code --limit}).
     */
    public static final double DEFAULT_LIMIT_PER_IDEAL = 2;
    /** A step whose achieved rate falls short of its rate by more than this fraction is {@value #SHORT}. */
    public static final double RATE_TOLERANCE = 0.01;
    public static final String LATENCY_BOUND = "latency";
    public static final String CPU_BOUND = "cpu";

    /**
     * The row of a merged trial.
     *
     * @param meanMs JMH's mean op time, or null when JMH has no result for the trial
     * @param server what the server's /stats said of the trial
     * @param cores  the processors the client and the server share
     * @param limitPerIdeal service mode: how many times the ideal a step's p99 response time may reach and hold
     */
    public static SummaryRow of(MergedTrial trial, Double meanMs, ServerUsage server, Footprint footprint, int cores,
                                double limitPerIdeal) {
        TrialSpec spec = trial.spec();
        Setting setting = spec.setting();
        boolean service = setting.inServiceMode();
        // JMH's op in service mode is a window of arrivals: its figures per op become figures per fan-out.
        double perFanOut = service ? trial.arrivals().arrivalsPerWindow() : 1;
        Double cpuMsPerFanOut = divide(footprint.cpuMsPerOp(), perFanOut);
        Double mean = !service ? meanMs : trial.opMicros() == null || trial.opMicros().getTotalCount() == 0 ? null
                : trial.opMicros().getMean() / HistogramFiles.MICROS_PER_MILLI;
        Double ratio = mean == null ? null : round(mean / spec.idealMs(), 4);
        Double clientCpuUs = cpuMsPerFanOut == null ? null : round(cpuMsPerFanOut * 1000 / setting.n(), 2);
        // The fork's measured iterations where it read the server's CPU; the whole trial where it could not (asyncio).
        Double serverCpuMicros = trial.serverCpuMicrosPerRequest() != null ? trial.serverCpuMicrosPerRequest()
                : server.cpuMicrosPerRequest();
        Double serverCpuUs = serverCpuMicros == null ? null : round(serverCpuMicros, 2);
        Double floor = cpuMsPerFanOut == null || serverCpuUs == null ? null
                : round((cpuMsPerFanOut + setting.n() * serverCpuUs / 1000) / cores, 3);
        boolean cpuBound = floor != null && floor > spec.idealMs();
        double bound = cpuBound ? floor : spec.idealMs();
        Double achieved = service ? trial.arrivals().achievedRate() : null;
        boolean shortOfRate = achieved != null && achieved < setting.rate() * (1 - RATE_TOLERANCE);
        String status = trial.errors() > 0 || mean == null ? FAIL : ratio < 1.0 ? INVALID : shortOfRate ? SHORT : OK;
        Percentiles ops = Percentiles.of(trial.opMicros());
        Percentiles requests = Percentiles.of(trial.requestMicros());
        Percentiles serviceTimes = Percentiles.of(trial.serviceMicros());
        Percentiles lateness = Percentiles.of(trial.latenessMicros());
        Double limit = service ? limitPerIdeal * spec.idealMs() : null;
        return new SummaryRow(setting.label(), setting.benchmark(), setting.workload().name(), setting.model(), setting.client().name(),
                setting.pools(), setting.n(), setting.latencyMs(), setting.k(), spec.concurrency(), setting.cpuMicros(),
                service ? setting.rate() : null, service ? arrivals(setting) : null,
                trial.ops(), trial.requests(), trial.errors(), mean == null ? null : round(mean, 3),
                ops.p50(), ops.p90(), ops.p99(), ops.p999(), ops.max(),
                requests.p50(), requests.p90(), requests.p99(), requests.p999(), requests.max(),
                serviceTimes.p50(), serviceTimes.p99(), lateness.p99(), service ? trial.arrivals().late() : null,
                achieved == null ? null : round(achieved, 1), limit,
                service && floor != null ? round(1000 / floor, 1) : null,
                service ? status.equals(OK) && ops.p99() != null && ops.p99() <= limit : null,
                spec.idealMs(), ratio, clientCpuUs, serverCpuUs, floor, cpuBound ? CPU_BOUND : LATENCY_BOUND,
                mean == null ? null : round(mean / bound, 4), status,
                trial.opMicros() == null ? null : ResultsLayout.histograms(setting),
                spec.jmhBenchmark(), spec.jmhParams(), spec.executor(),
                server.latenessP99Ms(), server.maxInFlight(), footprint.peakThreads(), footprint.peakRssMb(),
                divide(footprint.allocBytesPerOp(), perFanOut), cpuMsPerFanOut,
                divide(footprint.jitCpuMsPerOp(), perFanOut), footprint.pinnedEvents(),
                trial.firstError(), json(trial.details()), setting.articleSeconds());
    }

    /**
     * The knee row of one sweep: its steps' rows in rising rate, the last of which may be the one that did not hold.
     * The knee is the highest rate that held; the row's times and bounds are that step's, its {@code first_error} says
     * why the sweep ended there, and its {@code details} list every step's rate and p99. With no step held, the knee
     * is blank and the status FAIL; a knee above its own step's rate bound is INVALID.
     */
    public static SummaryRow knee(String sweepLabel, List<SummaryRow> steps) {
        if (steps.isEmpty() || steps.stream().anyMatch(step -> step.rate() == null)) {
            throw new IllegalArgumentException("a knee needs the service-mode steps of one sweep, got " + steps.size());
        }
        SummaryRow knee = null;
        SummaryRow ended = null;
        Map<String, Object> curve = new LinkedHashMap<>();
        for (SummaryRow step : steps) {
            curve.put(Integer.toString(step.rate()), step.p99Ms());
            if (Boolean.TRUE.equals(step.held()) && ended == null) {
                knee = step;
            } else if (ended == null) {
                ended = step;
            }
        }
        SummaryRow at = knee != null ? knee : steps.get(0);
        String why = ended == null ? "every step held, up to " + at.rate() + "/s: the knee is at least that"
                : "at " + ended.rate() + "/s " + (!ended.status().equals(OK) ? ended.status() + ": "
                + (ended.firstError() != null ? ended.firstError() : "achieved " + ended.achievedRate() + "/s")
                : "p99 " + ended.p99Ms() + " ms, over the " + ended.responseLimitMs() + " ms limit");
        String status = knee == null ? FAIL
                : knee.rateBound() != null && knee.rate() > knee.rateBound() ? INVALID : OK;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("p99_ms_by_rate", curve);
        return new SummaryRow(sweepLabel + " knee", KNEE, at.workload(), at.model(), at.client(), at.pools(), at.n(), at.latencyMs(),
                at.k(), at.concurrency(), at.cpuUs(), knee == null ? null : knee.rate(), at.arrivals(),
                at.ops(), at.requests(), at.errors(), at.meanMs(), at.p50Ms(), at.p90Ms(), at.p99Ms(), at.p999Ms(),
                at.maxMs(), at.requestP50Ms(), at.requestP90Ms(), at.requestP99Ms(), at.requestP999Ms(), at.requestMaxMs(),
                at.serviceP50Ms(), at.serviceP99Ms(), at.latenessP99Ms(), at.lateArrivals(), at.achievedRate(),
                at.responseLimitMs(), at.rateBound(), null, at.idealMs(), at.ratioToIdeal(), at.clientCpuUsPerRequest(),
                at.serverCpuUsPerRequest(), at.cpuFloorMs(), at.bound(), at.ratioToBound(), status, at.hdr(),
                at.jmhBenchmark(), at.jmhParams(), at.executor(), at.serverLatenessP99Ms(), at.serverMaxInFlight(),
                at.peakThreads(), at.peakRssMb(), at.allocBytesPerOp(), at.cpuMsPerOp(), at.jitCpuMsPerOp(),
                at.pinnedEvents(), why, json(details), null);
    }

    private static String arrivals(Setting setting) {
        return setting.poisson() ? "poisson" : "uniform";
    }

    /** A figure per JMH op as a figure per fan-out; in service mode rounded to 4 places, well below the µs. */
    private static Double divide(Double perOp, double perFanOut) {
        if (perOp == null || perFanOut == 1) {
            return perOp;
        }
        return round(perOp / perFanOut, 4);
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
