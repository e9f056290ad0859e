package dev.fanout.bench.cli;

import dev.fanout.bench.clients.Client;
import dev.fanout.bench.clients.Protocol;
import dev.fanout.bench.scenarios.Arrangement;
import dev.fanout.bench.suite.Params;
import dev.fanout.bench.suite.Setting;
import dev.fanout.bench.suite.Workload;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * What a run measures and for how long. Each profile is a list of grids of trials, the iterations of a fast
 * op, and the longest single op it accepts; {@code --list} shows the trials and the time they take.
 */
enum Profile {
    /**
     * A smoke test in about two minutes: every model through OkHttp at N = 10, and each other client's own way of
     * fanning out (its async API, event loop and fan-out operator) at N = 100.
     */
    QUICK("a smoke test", new IterationPlan(1, 1, Duration.ofMillis(500), 2, Duration.ofSeconds(1)), 1, 2_000,
            Grid.models(Workload.modelsOf(Client.okhttp), List.of(Client.okhttp), List.of(10), List.of(100L),
                    List.of(8), List.of(0L)),
            Grid.clients(List.of(Workload.async, Workload.event_loop, Workload.flat_map),
                    List.of(Client.jdk, Client.reactor_netty), List.of(1), List.of(100))),

    /**
     * The published results, under ten minutes on 2 cores: the models that need no thread per waiting request (virtual
     * threads, each client's async API, reactor-netty's event loop and {@code flatMap}) through every Java client at
     * N = 1000, and a platform thread per request through OkHttp there; at N = 10,000, where one launch differs most from
     * the next and each trial runs three forks ({@link Forks}), each client's async API and virtual threads over OkHttp
     * and reactor-netty, the event loop, and the JDK's async API spread over 10 pools (the pool scan); the article's
     * asyncio at N = 1000 and 10,000. Left to {@code full} for the budget (a run of this profile with them took 11 min 53
     * s here): N = 100, where every model is within 1.1 x of its bound and steady; virtual threads through the JDK's
     * client and {@code flatMap} at N = 10,000. The article's scenarios, the CPU + I/O mix, the fixed pools, structured
     * concurrency and the models that run one request at a time run in {@code seed}, {@code quick}, {@code ci} and
     * {@code full}.
     */
    DEFAULT("the published results", new IterationPlan(1, 1, Duration.ofMillis(500), 3, Duration.ofSeconds(1)),
            Forks.WHERE_THE_SPREAD_IS, 6_000,
            Grid.clients(List.of(Workload.platform_threads), List.of(Client.okhttp), List.of(1), List.of(1000)),
            Grid.clients(Axes.ASYNC_MODELS, Client.java(), List.of(1), List.of(1000)),
            Grid.clients(List.of(Workload.async, Workload.event_loop), Client.java(), List.of(1), List.of(10_000)),
            Grid.clients(List.of(Workload.virtual_threads), List.of(Client.okhttp, Client.reactor_netty), List.of(1),
                    List.of(10_000)),
            Grid.clients(List.of(Workload.async), List.of(Client.jdk), List.of(10), List.of(10_000)),
            Grid.clients(List.of(Workload.asyncio), List.of(Client.aiohttp), List.of(1), List.of(1000, 10_000))),

    /**
     * Every model through every client: N up to 10,000 at L = 100 ms, and the ends of the range (N = 100 and 10,000)
     * at L = 10 and 1000 ms, where a fixed overhead per request and a long wait each dominate; N = 10,000 spread over
     * 10 and 100 pools; asyncio at every N; the article's scenarios at N = 100 and 1000.
     */
    FULL("every model, client and N", new IterationPlan(3, 1, Duration.ofSeconds(1), 3, Duration.ofSeconds(1)),
            Forks.WHERE_THE_SPREAD_IS, 30_000,
            Grid.models(Workload.models(), Client.java(), List.of(1, 10, 100, 1000, 10_000), List.of(100L),
                    List.of(8, 64, 256), List.of(0L)),
            Grid.models(Workload.models(), Client.java(), List.of(100, 10_000), List.of(10L, 1000L), List.of(64),
                    List.of(0L)),
            Grid.models(Axes.allModelsBut(Workload.sequential), Client.java(), List.of(1000), List.of(100L),
                    List.of(64), List.of(200L)),
            Grid.clients(List.of(Workload.virtual_threads, Workload.async), Client.java(), List.of(10, 100),
                    List.of(10_000)),
            Grid.clients(List.of(Workload.asyncio), List.of(Client.aiohttp), List.of(1),
                    List.of(1, 10, 100, 1000, 10_000)),
            Grid.scaledScenarios(List.of(100), List.of(Arrangement.values())),
            // one_fixed_pool queues 1000 I/O tasks in waves of one per core: 50 s an op on 2 cores, for
            // what N = 100 shows already.
            Grid.scaledScenarios(List.of(1000), Axes.allArrangementsBut(Arrangement.one_fixed_pool))),

    /**
     * HTTP/1.1 against h2c, and h2c to N = 100,000: the models that need no thread per waiting request (virtual threads,
     * each client's async API, reactor-netty's event loop) through every Java client at N = 1000 and 10,000 over both
     * protocols, in the same run, and over h2c alone at N = 100,000, where HTTP/1.1 would need 100,000 sockets and a
     * fork 100,000 files. OkHttp's async API holds a thread a call, which 100,000 calls cannot have here (the plan skips
     * it, naming the kernel's limit).
     */
    H2C("HTTP/1.1 against h2c, to N = 100,000", new IterationPlan(1, 1, Duration.ofMillis(500), 3, Duration.ofSeconds(1)),
            Forks.WHERE_THE_SPREAD_IS, 30_000,
            Grid.of(Params.WORKLOAD, Axes.H2C_MODELS, Params.CLIENT, Client.java(), Params.PROTOCOL,
                    List.of(Protocol.http1, Protocol.h2c), Params.N, List.of(1000, 10_000)),
            Grid.of(Params.WORKLOAD, Axes.H2C_MODELS, Params.CLIENT, Client.java(), Params.PROTOCOL,
                    List.of(Protocol.h2c), Params.N, List.of(100_000))),

    /**
     * For regression checks in CI: every model at a small and a large N, and the article's scenarios at
     * L = 20 ms; ten samples each, the fewest with which compare's Mann-Whitney test can reach p < 0.01
     * after Holm's correction across the suite. fire_and_forget sleeps 5 L: with 2 L, one request held up
     * 20 ms on a loaded CI machine was lost, as the scenario is meant to show, and failed the run.
     */
    CI("for compare in CI", new IterationPlan(1, 1, Duration.ofMillis(500), 10, Duration.ofMillis(300)), 1, 5_000,
            Grid.models(Workload.modelsOf(Client.okhttp), List.of(Client.okhttp), List.of(10, 500), List.of(20L),
                    List.of(64), List.of(0L)),
            Grid.article(20, 100)),

    /**
     * Service mode: fan-outs arriving at a fixed rate through the main models (a platform thread, a virtual thread
     * per request and OkHttp's async API, and reactor-netty's event loop), a sweep each at N = 10 and 100, L = 100 ms.
     * The models' closed-loop CPU per request differs tenfold (90 to 1,500 µs here), so one range must cover them all:
     * rates double from step to step, 25 to 1,600 fan-outs a second at N = 10 and 3 to 192 at N = 100, and a knee is
     * known to within a factor of two ({@code -p rate=} sweeps finer around it). A sweep stops at the first step that
     * does not hold, so the estimate, which counts every step, is the most it takes. Windows of 3 s, three measured
     * after one warm-up.
     */
    SERVICE("the knee of each model under fixed-rate arrivals",
            new IterationPlan(1, 1, Duration.ofSeconds(2), 3, Duration.ofSeconds(3)), 1, 2_000,
            Grid.sweep(Axes.SERVICE_MODELS, List.of(Client.okhttp), 10, Axes.doubling(25)),
            Grid.sweep(List.of(Workload.event_loop), List.of(Client.reactor_netty), 10, Axes.doubling(25)),
            Grid.sweep(Axes.SERVICE_MODELS, List.of(Client.okhttp), 100, Axes.doubling(3)),
            Grid.sweep(List.of(Workload.event_loop), List.of(Client.reactor_netty), 100, Axes.doubling(3))),

    /**
     * The seed article's table: each of its scripts at its own setting (N = 3, L = 1 s, 2 permits, a 1.1 s
     * sleep, 3 I/O and 3 CPU tasks), one op an iteration, in about three minutes. Point it at the article's own
     * server with --server-url to check the harness against the Python original (see seed/README.md).
     */
    SEED("the article's table", new IterationPlan(1, 1, Duration.ofMillis(1), 4, Duration.ofMillis(1)), 1, 15_000,
            Grid.article(Setting.ARTICLE_LATENCY_MS, Setting.ARTICLE_SLEEP_MS));

    /** How many forks the trials where the spread is get (an enum's constants cannot read its own static fields). */
    private static final class Forks {
        /**
         * Fan-outs of N = 10,000: there one launch's figure differed from the next by up to 2 x (the JIT still
         * compiling, the GC and the server each weigh more), so several forks are spent there and one elsewhere.
         * Three is what the default profile's budget allows: their range is a 75% interval for the median launch
         * (Spread); {@code -f 6} gives 97%.
         */
        static final int WHERE_THE_SPREAD_IS = 3;
        /** A fork's measured iterations there. */
        static final int MEASURED_ITERATIONS = 2;
    }

    /** The lists the profiles share; an enum's constants cannot read its own static fields. */
    private static final class Axes {
        /**
         * The models that need no thread per waiting request, which N = 10,000 is about: virtual threads, each
         * client's async API, event loop and fan-out operator.
         */
        static final List<Workload> ASYNC_MODELS = List.of(Workload.virtual_threads, Workload.async,
                Workload.event_loop, Workload.flat_map);

        /** The models h2c is measured with: a virtual thread per request, each client's async API, the event loop. */
        static final List<Workload> H2C_MODELS = List.of(Workload.virtual_threads, Workload.async, Workload.event_loop);

        /** Service mode's models through OkHttp: a platform thread and a virtual thread per request, and its async API. */
        static final List<Workload> SERVICE_MODELS = List.of(Workload.platform_threads, Workload.virtual_threads,
                Workload.async);
        /** The steps of a sweep. */
        static final int SWEEP_STEPS = 7;

        /** A sweep's rates: {@code lowest} fan-outs a second, doubled at each step. */
        static List<Integer> doubling(int lowest) {
            return IntStream.range(0, SWEEP_STEPS).mapToObj(step -> lowest << step).toList();
        }

        static List<Workload> allModelsBut(Workload left) {
            return Workload.models().stream().filter(m -> m != left).toList();
        }

        static List<Arrangement> allArrangementsBut(Arrangement left) {
            return Arrays.stream(Arrangement.values()).filter(a -> a != left).toList();
        }
    }

    private final String purpose;
    private final IterationPlan iterations;
    private final int spreadForks;
    private final double maxOpMs;
    private final List<Grid> grids;

    /**
     * @param spreadForks the forks of a large trial ({@link Trial#isLarge}), where one launch differs most from the
     *                    next; the others get {@code iterations}' forks
     */
    Profile(String purpose, IterationPlan iterations, int spreadForks, double maxOpMs, Grid... grids) {
        this.purpose = purpose;
        this.iterations = iterations;
        this.spreadForks = spreadForks;
        this.maxOpMs = maxOpMs;
        this.grids = List.of(grids);
    }

    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What the profile is for, in a few words, for {@code --help}. */
    String purpose() {
        return purpose;
    }

    /** The iterations a trial of {@code setting} gets, before the user's JMH options and the op's length adjust them. */
    IterationPlan iterationsOf(Setting setting) {
        boolean spread = Trial.isLarge(setting) && spreadForks > iterations.forks();
        // Each fork warms its own code until the JIT is quiet, so JMH's warm-up iteration adds nothing a fork needs; and
        // two measured iterations a fork, where the forks differ far more than one fork's iterations do.
        return spread ? new IterationPlan(spreadForks, 0, iterations.warmupTime(), Forks.MEASURED_ITERATIONS,
                iterations.measurementTime()) : iterations;
    }

    /**
     * Whether the footprint profiler runs: not where only time matters and the profiler's JFR start-up per
     * iteration would break the budget ({@code ci} feeds compare; {@code seed} prints the article's table).
     */
    boolean measuresFootprint() {
        return this != CI && this != SEED;
    }

    double maxOpMs() {
        return maxOpMs;
    }

    List<Grid> grids() {
        return grids;
    }

    /** Every workload some grid of this profile runs. */
    Set<Workload> workloads() {
        Set<Workload> workloads = new LinkedHashSet<>();
        grids.forEach(grid -> workloads.addAll(grid.workloads()));
        return workloads;
    }
}
