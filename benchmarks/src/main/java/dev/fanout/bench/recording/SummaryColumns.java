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
    public static final Column<String> PROTOCOL = add(Column.text("protocol",
            "the HTTP version every request went over: http1 (HTTP/1.1), h2c (HTTP/2 in cleartext, a stream a request)"));
    public static final Column<Integer> POOLS = add(Column.integer("pools", "",
            "how many client instances (each its own connection pool) the requests were spread over"));
    public static final Column<Integer> N = add(Column.integer("n", "", "requests in one op; cpu_io_mix's I/O tasks"));
    public static final Column<Double> LATENCY_MS = add(Column.number("latency_ms", "ms", "the server's delay of each request"));
    public static final Column<Integer> K = add(Column.integer("k", "",
            "the k param: a pool's threads or a semaphore's permits, 0 where unused"));
    public static final Column<Integer> CONCURRENCY = add(Column.integer("concurrency", "",
            "requests that can be in flight at once: the k of the ideal L x ceil(N / k)"));
    public static final Column<Long> CPU_US = add(Column.count("cpu_us", "µs", "CPU-bound work done on each response,"
            + " as the trial's param asks (a run slowed with --slow-client-by adds meta.json's slowdown.client_by_us)"));
    public static final Column<Integer> RATE = add(Column.integer("rate", "1/s",
            "service mode: fan-outs offered a second; for a knee row, the knee, the highest rate of its sweep that held;"
                    + " blank in the closed loop"));
    public static final Column<String> ARRIVALS = add(Column.text("arrivals",
            "service mode: uniform or poisson gaps between arrivals"));
    public static final Column<Long> OPS = add(Column.count("ops", "", "measured ops (service mode: arrivals)"));
    public static final Column<Long> REQUESTS = add(Column.count("requests", "", "requests of the measured ops"));
    public static final Column<Long> ERRORS = add(Column.count("errors", "", "requests that failed"));
    public static final Column<Integer> FORKS = add(Column.integer("forks", "",
            "the JMH forks the trial ran: separate JVMs, one after another, each a launch of its own"));
    public static final Column<String> SPREAD_OVER = add(Column.text("spread_over",
            "what each figure's median and interval are over: forks (a trial of several), or iterations (the measured"
                    + " iterations of a trial's only fork, which show less than forks would: a launch's JIT and GC"
                    + " stay with it); blank in service mode, whose figures are the pooled windows'"));
    public static final Column<Integer> DRAWS = add(Column.integer("draws", "",
            "how many forks or iterations the medians and intervals are over"));
    public static final Column<Double> INTERVAL_CONFIDENCE = add(Column.number("interval_confidence", "",
            "the probability that an interval (a figure's _lo to _hi) holds the median of that figure's distribution:"
                    + " the j-th smallest to j-th largest draw, j as large as keeps 0.95 (3 draws: their range, 0.75;"
                    + " 5: 0.94; 6: 0.97); assumes nothing of the distribution (Spread)"));
    public static final Column<Double> MEAN_MS = add(Column.number("mean_ms", "ms",
            "the mean op time: the median over the draws of each one's JMH score; in service mode, where JMH's op is a"
                    + " whole window, the mean response time of an arrival from its histogram"));
    public static final Interval MEAN_MS_INTERVAL = interval(MEAN_MS);
    public static final Column<Double> P50_MS = add(Column.number("p50_ms", "ms",
            "op time, p50: the median over the draws of each one's (service mode: of every arrival)"));
    public static final Interval P50_MS_INTERVAL = interval(P50_MS);
    public static final Column<Double> P90_MS = add(Column.number("p90_ms", "ms", "op time, p90, of every measured op"));
    public static final Column<Double> P99_MS = add(Column.number("p99_ms", "ms",
            "op time, p99: the median over the draws of each one's (service mode: of every arrival)"));
    public static final Interval P99_MS_INTERVAL = interval(P99_MS);
    public static final Column<Double> P999_MS = add(Column.number("p999_ms", "ms", "op time, p99.9, of every measured op"));
    public static final Column<Double> MAX_MS = add(Column.number("max_ms", "ms", "op time, the longest of every measured op"));
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
    public static final Column<Boolean> EVERY_STEP_HELD = add(Column.bool("every_step_held",
            "a knee row: whether every step of its sweep held, so that the knee is at least its rate, not at it"));
    public static final Column<Integer> ENDED_AT_RATE = add(Column.integer("ended_at_rate", "1/s",
            "a knee row: the rate of the step that did not hold and ended the sweep; blank when every step held"));
    public static final Column<Double> IDEAL_MS = add(Column.number("ideal_ms", "ms",
            "the latency bound: L x ceil(N / k), the least time of one op with k requests in flight at once"));
    public static final Column<Double> RATIO_TO_IDEAL = add(Column.number("ratio_to_ideal", "",
            "mean op time / ideal_ms, the median over the draws: 1.0 is the physical limit, and below it the"
                    + " measurement is wrong"));
    public static final Interval RATIO_TO_IDEAL_INTERVAL = interval(RATIO_TO_IDEAL);
    public static final Column<Double> CLIENT_CPU_US_PER_REQUEST = add(Column.number("client_cpu_us_per_request", "µs",
            "the client's CPU per request: the workload's CPU per op (the JIT's left out) over N, the median over the"
                    + " draws"));
    public static final Interval CLIENT_CPU_US_PER_REQUEST_INTERVAL = interval(CLIENT_CPU_US_PER_REQUEST);
    public static final Column<Double> SERVER_CPU_US_PER_REQUEST = add(Column.number("server_cpu_us_per_request", "µs",
            "the stub server's CPU per request it received during the measurement iterations (over the whole trial for"
                    + " asyncio, whose Python process cannot tell its iterations), the median over the draws"));
    public static final Interval SERVER_CPU_US_PER_REQUEST_INTERVAL = interval(SERVER_CPU_US_PER_REQUEST);
    public static final Column<Double> CPU_FLOOR_MS = add(Column.number("cpu_floor_ms", "ms",
            "the CPU bound: N c / P, the op's CPU, client's and server's, spread over every core at once (the median"
                    + " over the draws); blank when either side's CPU is unknown"));
    public static final Column<Double> LATENCY_CPU_FLOOR_MS = add(Column.number("latency_cpu_floor_ms", "ms",
            "the third bound: L + N c / (2 P), every request's sending before the last one waits and every receiving"
                    + " after the first one's wait (TightBound); blank where it does not apply"));
    public static final Column<Double> BOUND_MS = add(Column.number("bound_ms", "ms",
            "the tightest bound: the highest of ideal_ms, cpu_floor_ms and latency_cpu_floor_ms, the median over the"
                    + " draws of each draw's own"));
    public static final Column<String> BOUND = add(Column.text("bound",
            "which bound is the tightest, so the one a row is judged near: latency (ideal_ms), cpu (cpu_floor_ms) or"
                    + " latency_cpu (latency_cpu_floor_ms)"));
    public static final Column<Double> RATIO_TO_BOUND = add(Column.number("ratio_to_bound", "",
            "mean op time over the tightest bound, the median over the draws of each draw's own: the figure that"
                    + " carries to another machine"));
    public static final Interval RATIO_TO_BOUND_INTERVAL = interval(RATIO_TO_BOUND);
    public static final Column<String> STATUS = add(Column.text("status",
            "OK, FAIL (requests failed, a fork's set-up failed, or JMH had no result), INVALID (faster than physically possible) or, in service"
                    + " mode, SHORT (the scheduler started fewer arrivals than the rate asks, by over 1%)"));
    public static final Column<String> HDR = add(Column.text("hdr",
            "the stem of the trial's histogram files, relative to the results folder: add .request.hgrm, .op.hlog, ...;"
                    + " blank when nothing was recorded"));
    public static final Column<String> JMH_BENCHMARK = add(Column.text("jmh_benchmark", "JMH's name of the benchmark method"));
    public static final Column<String> JMH_PARAMS = add(Column.text("jmh_params",
            "the trial's JMH params, sorted by name, name=value joined by ;"));
    public static final Column<String> EXECUTOR = add(Column.text("executor", "what really ran the requests"));
    public static final Column<Double> SERVER_LATENESS_P99_MS = add(Column.number("server_lateness_p99_ms", "ms",
            "the stub server's timer lateness p99 during the trial, from its /stats: the worst fork's"));
    /**
     * The server's timer lateness p99 beyond which a row says the server was late ({@link #SERVER_LATE}): half of L at
     * the usual 100 ms, and above what the stub's timers add at N = 1000 here (2–49 ms).
     */
    public static final double SERVER_LATE_MS = 50;
    public static final Column<Boolean> SERVER_LATE = add(Column.bool("server_late",
            "whether server_lateness_p99_ms was over " + (int) SERVER_LATE_MS + " ms: then the stub server, not only the"
                    + " model and the client, set part of the op's time; blank when the server did not tell"));
    public static final Column<Long> SERVER_MAX_IN_FLIGHT = add(Column.count("server_max_in_flight", "",
            "the most requests the server held at once during the trial"));
    public static final Column<Long> SERVER_MAX_CONNECTIONS = add(Column.count("server_max_connections", "",
            "the most connections open to the server at once during the trial, from its /stats: N over HTTP/1.1,"
                    + " a few over h2c; one to three more: the harness's own /stats connection, a pool's spare"));
    public static final Column<Double> PEAK_THREADS = add(Column.number("peak_threads", "",
            "the most live platform threads in a fork during measurement (footprint profiler)"));
    public static final Column<Double> PEAK_RSS_MB = add(Column.number("peak_rss_mb", "MiB",
            "the fork's peak resident memory during measurement: its heap, fixed and touched before the first op,"
                    + " and all else"));
    public static final Column<Double> PEAK_RSS_BEYOND_HEAP_MB = add(Column.number("peak_rss_beyond_heap_mb", "MiB",
            "peak_rss_mb less the committed heap: thread stacks, metaspace, code, direct buffers, the part the model"
                    + " and the client decide"));
    public static final Column<Double> ALLOC_BYTES_PER_OP = add(Column.number("alloc_bytes_per_op", "B",
            "bytes allocated per op"));
    public static final Column<Double> ALLOC_BYTES_PER_REQUEST = add(Column.number("alloc_bytes_per_request", "B",
            "bytes allocated per request: alloc_bytes_per_op over N"));
    public static final Column<Double> CPU_MS_PER_OP = add(Column.number("cpu_ms_per_op", "ms",
            "the CPU the workload used per op, the JIT's left out (footprint profiler)"));
    public static final Column<Double> JIT_CPU_MS_PER_OP = add(Column.number("jit_cpu_ms_per_op", "ms",
            "the JIT compilers' CPU per op meanwhile, reported apart, the median over the draws"));
    public static final Interval JIT_CPU_MS_PER_OP_INTERVAL = interval(JIT_CPU_MS_PER_OP);
    public static final Column<Double> JIT_CPU_US_PER_REQUEST = add(Column.number("jit_cpu_us_per_request", "µs",
            "the JIT compilers' CPU per request: jit_cpu_ms_per_op over N"));
    public static final Column<Double> PINNED_EVENTS = add(Column.number("pinned_events", "",
            "times a virtual thread blocked while pinned to its carrier, all measured forks"));
    public static final Column<Double> STEAL_PERCENT = add(Column.number("steal_percent", "%",
            "the machine's CPU time the hypervisor gave to others during the measured iterations (Linux's steal), the"
                    + " median over the draws: a trial slowed for a reason not its own"));
    public static final Column<Integer> RUN_ORDER = add(Column.integer("run_order", "",
            "the trial's place in its run, from 1 (the plan's order, or its shuffle: meta.json's trial_order)"));
    public static final Column<String> FIRST_ERROR = add(Column.text("first_error",
            "the first failure, or for a knee row why its sweep ended there"));
    public static final Column<String> DETAILS = add(Column.text("details",
            "what the trial observed beyond the counts, as JSON (connections opened, waiters woken, ...)"));
    public static final Column<Double> ARTICLE_S = add(Column.number("article_s", "s",
            "the seed article's own time for the trial: only at the article's exact setting (N = 3, L = 1000 ms, 2"
                    + " permits, a 1.1 s sleep, 3 CPU tasks), blank otherwise"));

    /** Every column, in the file's order. */
    public static final List<Column<?>> ALL = Collections.unmodifiableList(DECLARED);

    /** forks.csv only: the fork's number within its trial, from 1, in the order JMH ran them. */
    public static final Column<Integer> FORK = Column.integer("fork", "", "the fork's number within its trial, from 1,"
            + " in the order JMH ran them");
    /** forks.csv only: how long the fork's code warm-up ran (its row's details name only the last fork's). */
    public static final Column<Long> CODE_WARM_UP_MS = Column.count("code_warm_up_ms", "ms", "how long the fork ran the"
            + " workload before JMH's iterations: until its compilers went quiet, or the launcher's --code-warm-up");
    /** forks.csv only: whether the fork's compilers went quiet in its warm-up. */
    public static final Column<Boolean> JIT_SETTLED = Column.bool("jit_settled", "whether the fork's compilers went"
            + " quiet in its code warm-up, rather than its time running out: a fork that did not still compiles in its"
            + " measured ops (jit_cpu_ms_per_op)");
    /** forks.csv only: when the fork measured, to line a fork's figures up with the machine's stretches. */
    public static final Column<String> MEASURED_FROM = Column.text("measured_from", "when the fork's first measured"
            + " iteration began (UTC, ISO-8601; asyncio's when the launcher read its first measured op, one op later):"
            + " forks that measured in the same minutes shared the machine's stretch");
    /** The columns of forks.csv, one row a fork: each fork's own figures, the draws of its trial's row. */
    public static final List<Column<?>> FORK_ROW = List.of(TRIAL, FORK, MEASURED_FROM, OPS, ERRORS, MEAN_MS, P50_MS,
            P99_MS, RATIO_TO_IDEAL, CLIENT_CPU_US_PER_REQUEST, SERVER_CPU_US_PER_REQUEST, CPU_FLOOR_MS,
            LATENCY_CPU_FLOOR_MS, BOUND_MS, BOUND, RATIO_TO_BOUND, JIT_CPU_MS_PER_OP, CODE_WARM_UP_MS, JIT_SETTLED,
            SERVER_LATENESS_P99_MS, STEAL_PERCENT);

    /**
     * A figure's interval: the columns {@code <figure>_lo} and {@code <figure>_hi} beside it, which hold the median of
     * its distribution with the row's {@code interval_confidence} ({@link Spread}).
     */
    public record Interval(Column<Double> figure, Column<Double> low, Column<Double> high) {
    }

    private SummaryColumns() {
    }

    private static Interval interval(Column<Double> figure) {
        return new Interval(figure,
                add(Column.number(figure.name() + "_lo", figure.unit(), "the low end of " + figure.name() + "'s interval")),
                add(Column.number(figure.name() + "_hi", figure.unit(), "the high end of " + figure.name() + "'s interval")));
    }

    private static <T> Column<T> add(Column<T> column) {
        DECLARED.add(column);
        return column;
    }
}
