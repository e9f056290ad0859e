package dev.fanout.bench.recording;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The columns of summary.csv, each declared once, in the file's order: one row a trial, and every key the notebook
 * and {@code compare} read, so that neither recomputes anything Java computed. Times are ms; op times are of one
 * whole op (a fan-out), request times of one request; a blank means "not measured" (recording off, or the trial
 * failed), never zero. To add a column: declare it here, where it belongs in the file, and set it where the row is
 * made ({@link SummaryRow#of}); the schema written beside every run ({@link TableSchema}) tells its readers.
 */
public final class SummaryColumns {
    private static final List<Column<?>> DECLARED = new ArrayList<>();

    public static final Column<String> TRIAL = add(Column.text("trial",
            "the trial in words, naming the params that matter: fixed_pool okhttp n=1000 L=100 k=64"));
    public static final Column<String> BENCHMARK = add(Column.text("benchmark",
            "fetch_n for a concurrency model, the scenario's name for one of the article's, service for a step of"
                    + " service mode, knee for a sweep's knee"));
    public static final Column<String> WORKLOAD = add(Column.text("workload", "the model or scenario, as -p workload= names it"));
    public static final Column<String> MODEL = add(Column.text("model",
            "the model, or a scenario's arrangement (\"-\" for a scenario without one)"));
    public static final Column<String> CLIENT = add(Column.text("client", "the HTTP client every request went through"));
    public static final Column<Integer> POOLS = add(Column.integer("pools", "",
            "how many client instances (each its own connection pool) the requests were spread over"));
    public static final Column<Integer> N = add(Column.integer("n", "", "requests in one op; cpu_io_mix's I/O tasks"));
    public static final Column<Double> LATENCY_MS = add(Column.number("latency_ms", "ms", "the server's delay of each request"));
    public static final Column<Integer> K = add(Column.integer("k", "",
            "the k param: a pool's threads or a semaphore's permits, 0 where unused"));
    public static final Column<Integer> CONCURRENCY = add(Column.integer("concurrency", "",
            "requests that can be in flight at once: the k of the ideal L x ceil(N / k)"));
    public static final Column<Long> CPU_US = add(Column.count("cpu_us", "µs", "CPU-bound work done on each response"));
    public static final Column<Integer> RATE = add(Column.integer("rate", "1/s",
            "service mode: fan-outs offered a second; for a knee row, the knee, the highest rate of its sweep that held;"
                    + " blank in the closed loop"));
    public static final Column<String> ARRIVALS = add(Column.text("arrivals",
            "service mode: uniform or poisson gaps between arrivals"));
    public static final Column<Long> OPS = add(Column.count("ops", "", "measured ops (service mode: arrivals)"));
    public static final Column<Long> REQUESTS = add(Column.count("requests", "", "requests of the measured ops"));
    public static final Column<Long> ERRORS = add(Column.count("errors", "", "requests that failed"));
    public static final Column<Double> MEAN_MS = add(Column.number("mean_ms", "ms",
            "the mean op time: JMH's score in the closed loop; in service mode, where JMH's op is a whole window, the"
                    + " mean response time of an arrival from its histogram"));
    public static final Column<Double> P50_MS = add(Column.number("p50_ms", "ms", "op time, p50"));
    public static final Column<Double> P90_MS = add(Column.number("p90_ms", "ms", "op time, p90"));
    public static final Column<Double> P99_MS = add(Column.number("p99_ms", "ms", "op time, p99"));
    public static final Column<Double> P999_MS = add(Column.number("p999_ms", "ms", "op time, p99.9"));
    public static final Column<Double> MAX_MS = add(Column.number("max_ms", "ms", "op time, the longest"));
    public static final Column<Double> REQUEST_P50_MS = add(Column.number("request_p50_ms", "ms",
            "one request, send to checked response, p50"));
    public static final Column<Double> REQUEST_P90_MS = add(Column.number("request_p90_ms", "ms", "one request, p90"));
    public static final Column<Double> REQUEST_P99_MS = add(Column.number("request_p99_ms", "ms", "one request, p99"));
    public static final Column<Double> REQUEST_P999_MS = add(Column.number("request_p999_ms", "ms", "one request, p99.9"));
    public static final Column<Double> REQUEST_MAX_MS = add(Column.number("request_max_ms", "ms", "one request, the longest"));
    public static final Column<Double> SERVICE_P50_MS = add(Column.number("service_p50_ms", "ms",
            "service mode: an arrival's service time, from its actual start, p50 (the op columns hold its response time,"
                    + " from its intended start)"));
    public static final Column<Double> SERVICE_P99_MS = add(Column.number("service_p99_ms", "ms", "service mode: service time, p99"));
    public static final Column<Double> LATENESS_P99_MS = add(Column.number("lateness_p99_ms", "ms",
            "service mode: how late the arrivals started, p99"));
    public static final Column<Long> LATE_ARRIVALS = add(Column.count("late_arrivals", "",
            "service mode: arrivals that started over 1 ms late"));
    public static final Column<Double> ACHIEVED_RATE = add(Column.number("achieved_rate", "1/s",
            "service mode: arrivals started a second; short of rate by over 1%, status SHORT"));
    public static final Column<Double> RESPONSE_LIMIT_MS = add(Column.number("response_limit_ms", "ms",
            "service mode: the p99 response time a step must keep to hold: the launcher's --limit x ideal"));
    public static final Column<Double> RATE_BOUND = add(Column.number("rate_bound", "1/s",
            "service mode: the most fan-outs a second the cores could serve at this step's CPU per fan-out, client's and"
                    + " server's: 1000 / cpu_floor_ms; no rate above it can hold"));
    public static final Column<Boolean> HELD = add(Column.bool("held",
            "service mode: whether this step held: OK, and p99 response within the limit"));
    public static final Column<Double> IDEAL_MS = add(Column.number("ideal_ms", "ms",
            "the latency bound: L x ceil(N / k), the least time of one op with k requests in flight at once"));
    public static final Column<Double> RATIO_TO_IDEAL = add(Column.number("ratio_to_ideal", "",
            "mean_ms / ideal_ms: 1.0 is the physical limit, and below it the measurement is wrong"));
    public static final Column<Double> CLIENT_CPU_US_PER_REQUEST = add(Column.number("client_cpu_us_per_request", "µs",
            "the client's CPU per request: the workload's CPU per op (the JIT's left out) over N"));
    public static final Column<Double> SERVER_CPU_US_PER_REQUEST = add(Column.number("server_cpu_us_per_request", "µs",
            "the stub server's CPU per request it received during the measurement iterations (over the whole trial for"
                    + " asyncio, whose Python process cannot tell its iterations)"));
    public static final Column<Double> CPU_FLOOR_MS = add(Column.number("cpu_floor_ms", "ms",
            "the CPU bound: the op's CPU, client's and server's, spread over every core at once; blank when either"
                    + " side's CPU is unknown"));
    public static final Column<String> BOUND = add(Column.text("bound",
            "which bound is the higher, so the one a row is judged near: latency (the ideal) or cpu (the floor)"));
    public static final Column<Double> RATIO_TO_BOUND = add(Column.number("ratio_to_bound", "",
            "mean_ms over the higher bound"));
    public static final Column<String> STATUS = add(Column.text("status",
            "OK, FAIL (requests failed or JMH had no result), INVALID (faster than physically possible) or, in service"
                    + " mode, SHORT (the scheduler started fewer arrivals than the rate asks, by over 1%)"));
    public static final Column<String> HDR = add(Column.text("hdr",
            "the stem of the trial's histogram files, relative to the results folder: add .request.hgrm, .op.hlog, ...;"
                    + " blank when nothing was recorded"));
    public static final Column<String> JMH_BENCHMARK = add(Column.text("jmh_benchmark", "JMH's name of the benchmark method"));
    public static final Column<String> JMH_PARAMS = add(Column.text("jmh_params",
            "the trial's JMH params, sorted by name, name=value joined by ;"));
    public static final Column<String> EXECUTOR = add(Column.text("executor", "what really ran the requests"));
    public static final Column<Double> SERVER_LATENESS_P99_MS = add(Column.number("server_lateness_p99_ms", "ms",
            "the stub server's timer lateness p99 during the trial, from its /stats"));
    public static final Column<Long> SERVER_MAX_IN_FLIGHT = add(Column.count("server_max_in_flight", "",
            "the most requests the server held at once during the trial"));
    public static final Column<Double> PEAK_THREADS = add(Column.number("peak_threads", "",
            "the most live platform threads in a fork during measurement (footprint profiler)"));
    public static final Column<Double> PEAK_RSS_MB = add(Column.number("peak_rss_mb", "MiB",
            "the fork's peak resident memory during measurement"));
    public static final Column<Double> ALLOC_BYTES_PER_OP = add(Column.number("alloc_bytes_per_op", "B",
            "bytes allocated per op"));
    public static final Column<Double> CPU_MS_PER_OP = add(Column.number("cpu_ms_per_op", "ms",
            "the CPU the workload used per op, the JIT's left out (footprint profiler)"));
    public static final Column<Double> JIT_CPU_MS_PER_OP = add(Column.number("jit_cpu_ms_per_op", "ms",
            "the JIT compilers' CPU per op meanwhile, reported apart"));
    public static final Column<Double> PINNED_EVENTS = add(Column.number("pinned_events", "",
            "times a virtual thread blocked while pinned to its carrier, all measured forks"));
    public static final Column<String> FIRST_ERROR = add(Column.text("first_error",
            "the first failure, or for a knee row why its sweep ended there"));
    public static final Column<String> DETAILS = add(Column.text("details",
            "what the trial observed beyond the counts, as JSON (connections opened, waiters woken, ...)"));
    public static final Column<Double> ARTICLE_S = add(Column.number("article_s", "s",
            "the seed article's own time for the trial: only at the article's exact setting (N = 3, L = 1000 ms, 2"
                    + " permits, a 1.1 s sleep, 3 CPU tasks), blank otherwise"));

    /** Every column, in the file's order. */
    public static final List<Column<?>> ALL = Collections.unmodifiableList(DECLARED);

    private SummaryColumns() {
    }

    private static <T> Column<T> add(Column<T> column) {
        DECLARED.add(column);
        return column;
    }
}
