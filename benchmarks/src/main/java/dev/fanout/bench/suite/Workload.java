package dev.fanout.bench.suite;

import dev.fanout.bench.clients.Client;
import dev.fanout.bench.models.AsyncCompletableFuture;
import dev.fanout.bench.models.CommonPoolCompletableFuture;
import dev.fanout.bench.models.EventLoop;
import dev.fanout.bench.models.FlatMap;
import dev.fanout.bench.models.FixedThreadPool;
import dev.fanout.bench.models.PinnedVirtualThreadPerRequest;
import dev.fanout.bench.models.PlatformThreadPerRequest;
import dev.fanout.bench.models.Sequential;
import dev.fanout.bench.models.VirtualThreadPerRequest;
import dev.fanout.bench.scenarios.Arrangement;
import dev.fanout.bench.scenarios.ConditionRun;
import dev.fanout.bench.scenarios.CpuIoMixRun;
import dev.fanout.bench.scenarios.EventRun;
import dev.fanout.bench.scenarios.FireAndForgetRun;
import dev.fanout.bench.scenarios.GatherRun;
import dev.fanout.bench.scenarios.GuardedRun;
import dev.fanout.bench.scenarios.WaitAllRun;
import dev.fanout.bench.workload.Endpoint;
import dev.fanout.bench.workload.FanOut;
import dev.fanout.bench.workload.IdealTime;
import dev.fanout.bench.workload.RequestObserver;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * Everything the harness measures, by the names results use: the concurrency models (N requests handed out
 * and joined, {@code benchmark} {@code fetch_n} in the results) and the seed article's scenarios (its test2
 * to test9; its test1 is the {@link #sequential} model). Each knows the physical limit of its op, what it
 * promises about requests in flight, and the article's own figure where the article measured it; each is
 * built as a {@link FanOut} of the same shape, so one fixture and one benchmark run them all.
 *
 * <p>Constants are lower case because they are the names a reader sees in every table and chart, and JMH
 * takes an enum parameter by its name (with no values given, JMH runs every constant).
 */
public enum Workload {
    /** One request after another on the calling thread: N × L. The article's test1. */
    sequential(Kind.MODEL, "3.01"),
    /** A new platform thread per request, joined: L. */
    platform_threads(Kind.MODEL, null),
    /** {@code Executors.newVirtualThreadPerTaskExecutor()}: L. */
    virtual_threads(Kind.MODEL, null),
    /**
     * Structured concurrency, JDK 25's {@code StructuredTaskScope} (a preview): a subtask per request on a virtual
     * thread of its own, joined as one; the first failure (or the scope's deadline, {@code deadlineMs}) cancels the
     * rest: L.
     */
    structured(Kind.MODEL, null),
    /** Virtual threads, each request made while pinned to its carrier: L × ceil(N / (carriers − 1)). */
    virtual_threads_pinned(Kind.MODEL, null),
    /**
     * {@code supplyAsync} on the default executor: L × ceil(N / common-pool parallelism), or L on a JDK (17,
     * for one) that falls back to a thread per task when that parallelism is below 2. With a client whose
     * blocking call is a managed block (the JDK's), the pool adds a spare worker per blocked call: L × ceil(N /
     * (parallelism + spares)).
     */
    completable_future(Kind.MODEL, null),
    /**
     * The client's own non-blocking API, joined with {@code CompletableFuture.allOf}: L. Runs before 2026-11-29
     * called it {@code completable_future_async}, with OkHttp's {@code enqueue} the only client.
     */
    async(Kind.MODEL, null),
    /** The article's asyncio: one event-loop thread issues, handles and joins every request: L. */
    event_loop(Kind.MODEL, null),
    /** The client's own fan-out operator (reactor's {@code Flux.flatMapSequential}): L. */
    flat_map(Kind.MODEL, null),
    /**
     * The article's own model in the article's language, as a reference row: Python's asyncio with aiohttp, run
     * by the launcher in a Python process (seed/asyncio_fanout.py), not in a JMH fork: L.
     */
    asyncio(Kind.REFERENCE, null),
    /** {@code Executors.newFixedThreadPool(k)} and {@code invokeAll}: L × ceil(N / k). */
    fixed_pool(Kind.MODEL, null),

    /** test2: fire the requests, then sleep a fixed time by hand instead of joining them: the sleep. */
    fire_and_forget(Kind.SCENARIO, "~1.1"),
    /** test3, {@code asyncio.wait}: {@code invokeAll} on virtual threads: L. */
    wait_all(Kind.SCENARIO, "~1.0"),
    /** test4, {@code asyncio.gather}: {@code allOf} on virtual threads, results in submission order: L. */
    gather(Kind.SCENARIO, "1.01"),
    /** test5: every request under one lock: N × L. */
    lock(Kind.SCENARIO, "3.01"),
    /** test6: {@code /random}; a response above 0.5 sets the "big" event, the others the "small" one: L. */
    event(Kind.SCENARIO, "~1.0"),
    /** test7: each response wakes 2 waiters of a condition ({@code notify(2)}): L. */
    condition(Kind.SCENARIO, "~1.0"),
    /** test8: a semaphore of k around each request: L × ceil(N / k). */
    semaphore(Kind.SCENARIO, "2.01"),
    /** test9: blocking I/O tasks and CPU-bound tasks at once, on the executors of an arrangement. */
    cpu_io_mix(Kind.SCENARIO, "1.11");

    /**
     * Whether a workload is one of Java's concurrency models, one of the article's scenarios, or a reference
     * measured outside Java (the article's own asyncio) for the Java models to be read against.
     */
    public enum Kind {
        MODEL, SCENARIO, REFERENCE
    }

    /** The results' {@code benchmark} of every model. */
    public static final String FAN_OUT = "fetch_n";

    private final Kind kind;
    private final String articleFigure;

    Workload(Kind kind, String articleFigure) {
        this.kind = kind;
        this.articleFigure = articleFigure;
    }

    public static List<Workload> models() {
        return Arrays.stream(values()).filter(w -> w.kind == Kind.MODEL).toList();
    }

    /** The concurrency models {@code client} can run, spread over any number of pools or not. */
    public static List<Workload> modelsOf(Client client) {
        return models().stream().filter(m -> m.pairsWith(client) && m.unsupportedBecause(client, 1) == null).toList();
    }

    public static List<Workload> scenarios() {
        return Arrays.stream(values()).filter(w -> w.kind == Kind.SCENARIO).toList();
    }

    /** The workloads the article measured, in its order. */
    public static List<Workload> inArticle() {
        return Arrays.stream(values()).filter(w -> w.articleFigure != null).toList();
    }

    public Kind kind() {
        return kind;
    }

    /** The results' {@code benchmark}: the scenario's own name, {@value #FAN_OUT} for every other fan-out. */
    public String benchmark() {
        return kind == Kind.SCENARIO ? name() : FAN_OUT;
    }

    /**
     * The article's time for its own setting as it states it ({@code 3.01}, or {@code ~1.0} for the figures it
     * states without printing them), or null when the article did not measure this workload.
     */
    public String articleFigure() {
        return articleFigure;
    }

    /** The article's time for its own setting, s, or null. */
    public Double articleSeconds() {
        return articleFigure == null ? null : Double.valueOf(articleFigure.replace("~", ""));
    }

    /**
     * Whether this workload runs in service mode: the Java concurrency models, whose fan-outs can run side by side;
     * a scenario checks promises about one op alone, and asyncio runs outside the JVM.
     */
    public boolean servesArrivals() {
        return kind == Kind.MODEL;
    }

    /**
     * Whether a trial of this workload runs in JMH's forks, with the fixture's code warm-up before its measured ops:
     * every workload but the reference, asyncio, whose client the launcher runs in a Python process.
     */
    public boolean runsInJmh() {
        return kind != Kind.REFERENCE;
    }

    /** Whether k (a pool's threads, a semaphore's permits) means anything to this workload. */
    public boolean usesK() {
        return this == fixed_pool || this == semaphore;
    }

    /** Whether this workload runs requests on virtual threads, the only ones that can be pinned. */
    public boolean usesVirtualThreads() {
        return kind == Kind.SCENARIO || this == virtual_threads || this == virtual_threads_pinned || this == structured;
    }

    /**
     * Whether a fan-out of this workload through {@code client} holds a platform thread a request in flight, which the
     * kernel's limit on threads caps: a platform thread per request does, and so does the async API of a client that
     * runs each call on a thread of its own (OkHttp's).
     */
    public boolean holdsAPlatformThreadPerRequest(Client client) {
        return this == platform_threads || this == async && client.asyncHoldsAThreadPerCall();
    }

    /** Whether this workload and {@code client} belong together: Python's asyncio on aiohttp, Java's on Java's clients. */
    public boolean pairsWith(Client client) {
        return runsInJmh() == client.runsInTheJvm();
    }

    /**
     * Why {@code client} cannot run this workload spread over {@code pools} instances, or null when it can: the
     * event loop and the fan-out operator are a client's own, and one of them runs all of a fan-out.
     */
    String unsupportedBecause(Client client, int pools) {
        if (this == structured) {
            String why = structuredUnavailableBecause(Runtime.version().feature(), STRUCTURED_BUILT);
            if (why != null) {
                return why;
            }
        }
        if (this == event_loop && !client.hasEventLoop()) {
            return client + " has no event loop that the fan-out could run on";
        }
        if (this == flat_map && !client.hasFlatMap()) {
            return client + " has no fan-out operator of its own";
        }
        if ((this == event_loop || this == flat_map || this == asyncio) && pools > 1) {
            return this + " runs a whole fan-out through one client: pools must be 1";
        }
        return null;
    }

    /** The article's endpoint: its test6 to test8 fetch {@code /random}. */
    public Endpoint endpoint() {
        return this == event || this == condition || this == semaphore ? Endpoint.RANDOM : Endpoint.OK;
    }

    /** The most requests the workload has in flight at once: the k of the ideal time. */
    int concurrency(Setting setting) {
        int n = setting.n();
        return switch (this) {
            case sequential, lock -> 1;
            case fixed_pool, semaphore -> Math.min(setting.k(), n);
            case completable_future ->
                    CommonPoolCompletableFuture.concurrency(n, setting.client().blockingGetIsManaged());
            case virtual_threads_pinned -> Math.min(PinnedVirtualThreadPerRequest.PINNED_AT_ONCE, n);
            default -> n;
        };
    }

    /** The most requests the workload promises to have in flight at once, checked on every op; empty when unbounded. */
    OptionalInt inFlightLimit(Setting setting) {
        return switch (this) {
            case sequential, lock, semaphore, fixed_pool, virtual_threads_pinned -> OptionalInt.of(concurrency(setting));
            default -> OptionalInt.empty();
        };
    }

    /**
     * The least possible time of one op, ms.
     *
     * <p>{@code fire_and_forget} takes its sleep whatever the requests do: that is its whole point, and
     * {@code sleep − L} is the time it wastes. For {@code cpu_io_mix} the I/O tasks overlap everything, so L
     * is one floor; the CPU tasks are the other: no task runs faster than its measured cost, and all of them
     * cannot run faster than on every core at once. That is {@code cpuTasks × cost / cores} rather than
     * {@code ceil(cpuTasks / cores) × cost}: the OS time-slices, so 3 tasks on 2 cores can all be done in
     * 1.5 costs, and a bound above that could be beaten. An arrangement that runs everything on one pool of
     * a thread per core adds two floors of its own, as {@code fixed_pool} does: its I/O tasks go through in
     * ceil(N / cores) waves of L, and all the tasks' time together cannot be spread over more than its threads.
     *
     * @param cpuTaskMs the measured cost of one CPU task ({@code cpu_io_mix} only)
     */
    double idealMs(Setting setting, double cpuTaskMs, int cores) {
        return switch (this) {
            case fire_and_forget -> setting.sleepMs();
            case cpu_io_mix -> Math.max(cpuIoMixFloor(setting, cpuTaskMs, cores),
                    setting.arrangement() == Arrangement.one_fixed_pool ? sharedPoolFloor(setting, cpuTaskMs, cores) : 0);
            default -> IdealTime.millis(setting.n(), setting.latencyMs(), concurrency(setting), setting.cpuMicros(),
                    cores);
        };
    }

    private static double cpuIoMixFloor(Setting setting, double cpuTaskMs, int cores) {
        return Math.max(setting.latencyMs(),
                Math.max(cpuTaskMs, setting.cpuTasks() * cpuTaskMs / Math.min(cores, setting.cpuTasks())));
    }

    private static double sharedPoolFloor(Setting setting, double cpuTaskMs, int cores) {
        double ioWaves = IdealTime.millis(setting.n(), setting.latencyMs(), cores, 0, cores);
        double allWork = (setting.n() * (double) setting.latencyMs() + setting.cpuTasks() * cpuTaskMs) / cores;
        return Math.max(ioWaves, allWork);
    }

    /**
     * Builds this workload for {@code setting}.
     *
     * @param ioLatency told each {@code cpu_io_mix} I/O task's time from submission to response
     */
    FanOut create(Setting setting, int cores, RequestObserver ioLatency) {
        int n = setting.n();
        int k = setting.k();
        return switch (this) {
            case sequential -> new Sequential(n);
            case platform_threads -> new PlatformThreadPerRequest(n);
            case virtual_threads -> new VirtualThreadPerRequest(n);
            case structured -> structuredFanOut(n, setting.deadlineMs());
            case virtual_threads_pinned -> new PinnedVirtualThreadPerRequest(n);
            case completable_future -> new CommonPoolCompletableFuture(n, setting.client().blockingGetIsManaged());
            case async -> new AsyncCompletableFuture(n);
            case event_loop -> new EventLoop(n);
            case flat_map -> new FlatMap(n);
            case asyncio -> throw new UnsupportedOperationException(
                    "asyncio runs in Python (seed/asyncio_fanout.py), run by the launcher, not in a JMH fork");
            case fixed_pool -> new FixedThreadPool(n, k);
            case fire_and_forget -> new FireAndForgetRun(n, setting.sleepMs());
            case wait_all -> new WaitAllRun(n);
            case gather -> new GatherRun(n);
            case lock -> GuardedRun.underLock(n);
            case event -> new EventRun(n);
            case condition -> new ConditionRun(n, ConditionRun.ARTICLE_WAKES_PER_RESPONSE);
            case semaphore -> GuardedRun.underSemaphore(n, k);
            case cpu_io_mix -> new CpuIoMixRun(n, setting.cpuTasks(), setting.cpuRange(), setting.arrangement(), cores,
                    ioLatency);
        };
    }

    /** The JDK release {@code structured} is compiled for: a preview API loads only on the release it was built for. */
    public static final int STRUCTURED_JDK = 25;
    private static final String STRUCTURED_CLASS = "dev.fanout.bench.models.StructuredFanOut";
    /** Whether the build had JDK {@value #STRUCTURED_JDK} to compile {@code structured}'s class: looked up, not loaded. */
    private static final boolean STRUCTURED_BUILT =
            Workload.class.getResource("/" + STRUCTURED_CLASS.replace('.', '/') + ".class") != null;

    /**
     * Why {@code structured} cannot run on JDK {@code feature} from a jar that did or did not compile its class, or null
     * when it can.
     */
    static String structuredUnavailableBecause(int feature, boolean built) {
        if (feature != STRUCTURED_JDK) {
            return "structured needs JDK " + STRUCTURED_JDK + ": StructuredTaskScope is a preview API, and a class"
                    + " compiled with preview features loads only on the release it was compiled for; this is JDK "
                    + feature;
        }
        return built ? null : "structured was not built: this jar was compiled on a JDK other than " + STRUCTURED_JDK;
    }

    /** The JVM arguments the forks that run this workload need: {@code --enable-preview} for {@code structured}. */
    public List<String> jvmArguments() {
        return this == structured ? List.of("--enable-preview") : List.of();
    }

    /**
     * {@code structured}'s fan-out, loaded by name: its class is compiled with {@code --enable-preview} for
     * {@link #STRUCTURED_JDK} alone, and a JVM that did not enable preview features (every fork of another workload)
     * must never load it.
     */
    private static FanOut structuredFanOut(int n, long deadlineMs) {
        try {
            return (FanOut) Class.forName(STRUCTURED_CLASS)
                    .getConstructor(int.class, long.class).newInstance(n, deadlineMs);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("structured cannot run here: " + e
                    + " (it needs JDK " + STRUCTURED_JDK + " with --enable-preview, and a jar built on it)", e);
        }
    }
}
