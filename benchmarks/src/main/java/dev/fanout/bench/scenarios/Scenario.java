package dev.fanout.bench.scenarios;

import dev.fanout.bench.workload.Endpoint;
import dev.fanout.bench.workload.IdealTime;
import java.util.OptionalInt;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import okhttp3.OkHttpClient;

/**
 * The seed article's scenarios (its test1 … test9), by the names the results use. Each is built by
 * {@link #create} and knows the physical limit of its op and the article's own figure for it.
 */
public enum Scenario {
    /** test1: one request after another. N × L. */
    sequential(3.01, "3.01"),
    /** test2: fire the requests, then sleep a fixed time by hand instead of joining them. The sleep. */
    fire_and_forget(1.1, "~1.1"),
    /** test3: {@code asyncio.wait}: wait for every future. L. */
    wait_all(1.0, "~1.0"),
    /** test4: {@code asyncio.gather}: wait for all, results in submission order. L. */
    gather(1.01, "1.01"),
    /** test5: every request under one lock. N × L. */
    lock(3.01, "3.01"),
    /** test6: {@code /random}; a response above 0.5 sets the "big" event, the others the "small" one. L. */
    event(1.0, "~1.0"),
    /** test7: each response wakes 2 waiters of a condition ({@code notify(2)}). L. */
    condition(1.0, "~1.0"),
    /** test8: a semaphore of k around each request. L × ceil(N / k). */
    semaphore(2.01, "2.01"),
    /** test9: blocking I/O tasks and CPU-bound tasks at once, on the executors of an {@link Arrangement}. */
    cpu_io_mix(1.11, "1.11");

    private final double articleSeconds;
    private final String articleFigure;

    Scenario(double articleSeconds, String articleFigure) {
        this.articleSeconds = articleSeconds;
        this.articleFigure = articleFigure;
    }

    /** The article's time for its own setting, s; "~" figures are the ones it states without printing them. */
    public double articleSeconds() {
        return articleSeconds;
    }

    /** The article's time as it states it, e.g. {@code 3.01} or {@code ~1.0}. */
    public String articleFigure() {
        return articleFigure;
    }

    /** The article's endpoint for this scenario: its test6 to test8 fetch {@code /random}. */
    public Endpoint endpoint() {
        return switch (this) {
            case event, condition, semaphore -> Endpoint.RANDOM;
            default -> Endpoint.OK;
        };
    }

    /** The most requests the scenario may have in flight at once: the k of the ideal time. */
    public int concurrency(ScenarioSetting setting) {
        return switch (this) {
            case sequential, lock -> 1;
            case semaphore -> Math.min(setting.permits(), setting.n());
            default -> setting.n();
        };
    }

    /** The most requests the server may see at once, when the scenario promises a limit. */
    public OptionalInt inFlightLimit(ScenarioSetting setting) {
        return switch (this) {
            case sequential, lock, semaphore -> OptionalInt.of(concurrency(setting));
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
     * a thread per core ({@link Arrangement#one_fixed_pool}) adds two floors of its own, as {@code fixed_pool}
     * does in fetch-N: its I/O tasks go through in ceil(N / cores) waves of L, and all the tasks' time
     * together cannot be spread over more than its threads.
     *
     * @param cpuTaskMs the measured cost of one CPU task ({@code cpu_io_mix} only)
     */
    public double idealMs(ScenarioSetting setting, double cpuTaskMs, int cores) {
        return switch (this) {
            case fire_and_forget -> setting.sleepMs();
            case cpu_io_mix -> Math.max(cpuIoMixFloor(setting, cpuTaskMs, cores),
                    setting.arrangement() == Arrangement.one_fixed_pool
                            ? sharedPoolFloor(setting, cpuTaskMs, cores) : 0);
            default -> IdealTime.millis(setting.n(), setting.latencyMs(), concurrency(setting), 0, cores);
        };
    }

    private static double cpuIoMixFloor(ScenarioSetting setting, double cpuTaskMs, int cores) {
        return Math.max(setting.latencyMs(),
                Math.max(cpuTaskMs, setting.cpuTasks() * cpuTaskMs / Math.min(cores, setting.cpuTasks())));
    }

    private static double sharedPoolFloor(ScenarioSetting setting, double cpuTaskMs, int cores) {
        double ioWaves = IdealTime.millis(setting.n(), setting.latencyMs(), cores, 0, cores);
        double allWork = (setting.n() * (double) setting.latencyMs() + setting.cpuTasks() * cpuTaskMs) / cores;
        return Math.max(ioWaves, allWork);
    }

    /**
     * Builds this scenario for {@code setting}.
     *
     * @param client    the client its requests go through; {@code fire_and_forget} cancels its calls, the
     *                  article's closing of the session
     * @param ioLatency told each {@code cpu_io_mix} I/O task's time from submission to response, ns
     */
    public ScenarioRun create(ScenarioSetting setting, OkHttpClient client, LongConsumer ioLatency, int cores) {
        if (setting.scenario() != this) {
            throw new IllegalArgumentException(this + " cannot run a setting of " + setting.scenario());
        }
        int n = setting.n();
        return switch (this) {
            case sequential -> new SequentialRun(n);
            case fire_and_forget -> new FireAndForgetRun(n, setting.sleepMs(), client);
            case wait_all -> new WaitAllRun(n);
            case gather -> new GatherRun(n);
            case lock -> new GuardedRun("lock", n, Guard.of(new ReentrantLock()), 1, "one ReentrantLock");
            case event -> new EventRun(n);
            case condition -> new ConditionRun(n, 2);
            case semaphore -> new GuardedRun("semaphore", n, Guard.of(new Semaphore(setting.permits())),
                    setting.permits(), "one Semaphore(" + setting.permits() + ")");
            case cpu_io_mix -> new CpuIoMixRun(n, setting.cpuTasks(), setting.cpuRange(), setting.arrangement(),
                    cores, ioLatency);
        };
    }
}
