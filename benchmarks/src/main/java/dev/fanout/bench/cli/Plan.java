package dev.fanout.bench.cli;

import dev.fanout.bench.clients.Protocol;
import dev.fanout.bench.jmh.ForkEnvironment;
import dev.fanout.bench.recording.SummaryRow;
import dev.fanout.bench.suite.Params;
import dev.fanout.bench.suite.Setting;
import dev.fanout.bench.suite.TrialParam;
import dev.fanout.bench.suite.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The trials a run will make, in order, and the ones a profile leaves out with the reason: a trial whose
 * single op would outlast the profile's budget is named, never silently dropped.
 *
 * @param order       how the trials were ordered, and whether their forks are interleaved ({@link #turns})
 * @param aotTraining whether each large trial ({@link Trial#isLarge}) first runs a training fork, not measured, whose
 *                    compiler profiles its measured forks start from (JDK 25's AOT cache; docs/spread.md)
 * @param codeWarmUp  how long each fork's fixture warms the code at most, before JMH's iterations
 *                    ({@link ForkEnvironment#codeWarmUp})
 */
record Plan(List<Trial> trials, List<String> skipped, boolean footprint, int cores, double limitPerIdeal,
            TrialOrder order, boolean aotTraining, Duration codeWarmUp) {
    /**
     * A fork's time besides its iterations: JVM start, JMH set-up, opening the connections, running the workload
     * until the JIT settles (1 s to {@link ForkEnvironment#DEFAULT_CODE_WARM_UP}; a shorter or longer
     * {@link #codeWarmUp} moves this by the difference), closing, the launcher's server checks and merging; about 10 s on
     * 2 cores (the default profile took 9 min 41 s here against an estimate of 8 min 53 s with 9 s).
     */
    static final Duration FORK_OVERHEAD = Duration.ofMillis(10_000);
    /**
     * Opening a fan-out's connections and running its code until the JIT settles, once a fork, by request in flight: at
     * N = 10,000 a fork took about 4 s more than {@link #FORK_OVERHEAD} here (a default run took 11 min 53 s against an
     * estimate of 9 min 46 s without this).
     */
    static final double FORK_MS_PER_REQUEST = 0.4;
    /**
     * After a training fork, the JVM assembling its AOT cache in a process of its own: 8.4 s was measured for the
     * 52 MB cache of the event loop at N = 10,000 on 2 cores.
     */
    static final Duration AOT_ASSEMBLY = Duration.ofMillis(8_500);
    /**
     * Whether this JVM, and so the forks it starts (unless JMH's {@code -jvm} names another), can train and use an AOT
     * cache: JDK 25's -XX:AOTCacheOutput.
     */
    static final boolean AOT_CACHE_SUPPORTED = Runtime.version().feature() >= 25;
    /** Starting the footprint profiler's JFR stream, once a fork: about 0.8 s on 2 cores. */
    static final Duration PINNING_COST_PER_FORK = Duration.ofMillis(800);
    /**
     * The client's and the server's CPU for one request, about what they cost together here, for guessing how long
     * an op held by the CPU rather than by L takes: 10,000 requests on 2 cores take about a second whatever L.
     */
    static final double CPU_MS_PER_REQUEST = 0.2;

    Duration estimate() {
        return trials.stream().map(this::estimate).reduce(Duration.ZERO, Duration::plus);
    }

    /**
     * The launches of JMH the run makes, in order. Each trial is one turn, its forks back to back, unless the order
     * interleaves the forks: then, with F the most forks a trial has, the run goes in F rounds, and round r runs the
     * r-th part of the trials of one turn (one fork, a service sweep, asyncio), in their order, then fork r of every
     * trial of several forks. So a trial's forks meet F stretches of the run, each a few minutes apart. Turns of one
     * trial that would follow each other are one turn: a run of one trial runs as it would not interleaved.
     */
    List<Turn> turns() {
        if (!order.forksInterleaved()) {
            return trials.stream().map(Turn::whole).toList();
        }
        List<Trial> split = trials.stream().filter(Plan::splits).toList();
        List<Trial> whole = trials.stream().filter(trial -> !splits(trial)).toList();
        int rounds = split.stream().mapToInt(trial -> trial.iterations().forks()).max().orElse(1);
        List<Turn> turns = new ArrayList<>();
        int from = 0;
        for (int round = 1; round <= rounds; round++) {
            int to = whole.size() * round / rounds;
            while (to > 0 && to < whole.size() && whole.get(to).sweep().isPresent()
                    && whole.get(to).sweep().equals(whole.get(to - 1).sweep())) {
                to++; // a sweep's steps stay together
            }
            to = Math.max(from, to);
            whole.subList(from, to).forEach(trial -> add(turns, Turn.whole(trial)));
            from = to;
            for (Trial trial : split) {
                if (trial.iterations().forks() >= round) {
                    add(turns, new Turn(trial, round, 1));
                }
            }
        }
        return List.copyOf(turns);
    }

    /** Whether an interleaved run spreads this trial's forks: a closed-loop trial of JMH's with several. */
    private static boolean splits(Trial trial) {
        return trial.iterations().forks() > 1 && !trial.setting().inServiceMode()
                && trial.setting().workload().runsInJmh();
    }

    private static void add(List<Turn> turns, Turn turn) {
        int last = turns.size() - 1;
        if (last >= 0 && turns.get(last).trial().equals(turn.trial())) {
            turns.set(last, turns.get(last).joinedWith(turn));
        } else {
            turns.add(turn);
        }
    }

    /** Whether {@code trial} first runs a training fork for its compilers ({@link #aotTraining}). */
    boolean trains(Trial trial) {
        return aotTraining && Trial.isLarge(trial.setting());
    }

    /** Whether the footprint profiler counts pinned virtual threads in {@code trial}. */
    boolean countsPinning(Trial trial) {
        return footprint && trial.countsPinning();
    }

    /** The protocols the plan's trials speak. */
    Set<Protocol> protocols() {
        return trials.stream().map(trial -> trial.setting().protocol())
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Protocol.class)));
    }

    /** The most requests any trial of the plan can have in flight, which sizes every client of the run alike. */
    int maxConcurrent() {
        return trials.stream().mapToInt(trial -> trial.mostInFlight(limitPerIdeal)).max().orElse(1);
    }

    /**
     * A trial's time at most: in service mode every step of its sweep is counted, though the sweep stops at its knee,
     * and each window's op outlasts it by the response-time limit at most, or the step does not hold.
     */
    private Duration estimate(Trial trial) {
        IterationPlan it = trial.iterations();
        double fanOutMs = Math.max(trial.idealMs(), trial.setting().n() * CPU_MS_PER_REQUEST / cores);
        double opMs = trial.setting().inServiceMode() ? limitPerIdeal * fanOutMs : fanOutMs;
        Duration warmUpShift = trial.setting().workload().runsInJmh()
                ? codeWarmUp.minus(ForkEnvironment.DEFAULT_CODE_WARM_UP) : Duration.ZERO;
        Duration forkOverhead = FORK_OVERHEAD.plus(warmUpShift)
                .plusMillis(Math.round(trial.setting().n() * FORK_MS_PER_REQUEST));
        Duration jmh = it.estimate(opMs, forkOverhead);
        if (trains(trial)) {
            jmh = jmh.plus(IterationPlan.TRAINING.estimate(opMs, forkOverhead)).plus(AOT_ASSEMBLY);
        }
        return countsPinning(trial) ? jmh.plus(PINNING_COST_PER_FORK.multipliedBy(it.forks())) : jmh;
    }

    /**
     * How long {@code profile} takes on {@code cores}, by the plan's own estimate: the one source of the figure
     * {@code --help} prints and the README quotes (a test checks that the README does). A CPU task of
     * {@code cpu_io_mix} is taken to cost 1 ms per 10^6 of its range, about what it costs here.
     */
    static Duration estimate(Profile profile, int cores) {
        try {
            return of(profile, JmhArguments.parse(List.of()), new Machine(cores, SystemLimits.unlimited(),
                    range -> range / 1e6, null), true).estimate();
        } catch (org.openjdk.jmh.runner.options.CommandLineOptionException e) {
            throw new IllegalStateException("no JMH arguments cannot be bad arguments", e);
        }
    }

    /**
     * The trials of {@code profile} as the user's JMH arguments change them. The profile's limit on one op
     * holds only when the user set no {@code -p}: a trial asked for by name runs however long it takes.
     */
    static Plan of(Profile profile, JmhArguments jmh, Machine machine, boolean footprint) {
        return of(profile, jmh, machine, footprint, SummaryRow.DEFAULT_LIMIT_PER_IDEAL, TrialOrder.PROFILE,
                AOT_CACHE_SUPPORTED, ForkEnvironment.DEFAULT_CODE_WARM_UP);
    }

    /**
     * @param limitPerIdeal service mode: how many times the ideal a step's p99 response time may reach and hold, which
     *                      sizes the clients for the requests in flight at that time
     * @param order         the trials' order: shuffled with its seed (a sweep's steps stay together, in rising rate)
     *                      or the profile's, and their forks interleaved or not
     * @param aotTraining   whether large trials train their compilers first ({@link Plan#aotTraining})
     * @param codeWarmUp    each fork's code warm-up at most ({@link Plan#codeWarmUp})
     */
    static Plan of(Profile profile, JmhArguments jmh, Machine machine, boolean footprint, double limitPerIdeal,
                   TrialOrder order, boolean aotTraining, Duration codeWarmUp) {
        Set<String> unknown = new LinkedHashSet<>(jmh.paramNames());
        List<String> params = Params.ALL.stream().map(TrialParam::name).toList();
        unknown.removeAll(params);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown param " + unknown + "; -p takes " + params);
        }
        List<Grid> grids = profile.grids().stream().map(grid -> grid.overriddenBy(jmh)).toList();
        for (String named : jmh.paramValues("workload")) {
            Workload workload = Workload.valueOf(named.trim());
            if (grids.stream().noneMatch(grid -> grid.workloads().contains(workload))) {
                throw new IllegalArgumentException("profile " + profile.id() + " does not run " + workload
                        + "; its workloads are " + profile.workloads() + " (another --profile runs it)");
            }
        }
        double maxOpMs = jmh.paramNames().isEmpty() ? profile.maxOpMs() : Double.POSITIVE_INFINITY;
        Builder plan = new Builder(jmh, maxOpMs, machine, footprint && profile.measuresFootprint(), limitPerIdeal,
                aotTraining);
        for (Grid grid : grids) {
            for (Setting setting : grid.settings()) {
                plan.add(Trial.of(setting, machine.cpuTasks(), profile.iterationsOf(setting), machine.cores()));
            }
        }
        return plan.build(order, codeWarmUp);
    }

    static final class Builder {
        private final List<Trial> trials = new ArrayList<>();
        private final List<String> skipped = new ArrayList<>();
        /** Every setting added so far, run or skipped: one that two grids share is planned once. */
        private final Set<Setting> seen = new HashSet<>();
        private final JmhArguments jmh;
        private final double maxOpMs;
        private final Machine machine;
        private final boolean footprint;
        private final double limitPerIdeal;
        private final boolean aotTraining;

        Builder(JmhArguments jmh, double maxOpMs, Machine machine, boolean footprint, double limitPerIdeal,
                boolean aotTraining) {
            this.jmh = jmh;
            this.maxOpMs = maxOpMs;
            this.machine = machine;
            this.footprint = footprint;
            this.limitPerIdeal = limitPerIdeal;
            this.aotTraining = aotTraining;
        }

        void add(Trial planned) {
            if (!jmh.selects(planned.benchmark()) || !seen.add(planned.setting())) {
                return;
            }
            Trial trial = planned.withIterations(jmh.override(planned.iterations()));
            Setting setting = trial.setting();
            int inFlight = trial.mostInFlight(limitPerIdeal);
            String shortfall = machine.limits().shortfall(setting.protocol().socketsFor(inFlight, setting.pools()),
                    setting.workload().holdsAPlatformThreadPerRequest(setting.client()) ? inFlight : 0);
            String unsupported = trial.setting().unsupportedBecause();
            if (unsupported == null && trial.setting().workload() == Workload.asyncio) {
                unsupported = machine.asyncioUnavailable();
            }
            if (unsupported != null) {
                skipped.add(trial.label() + ": " + unsupported);
            } else if (shortfall != null) {
                skipped.add(trial.label() + ": this machine " + shortfall);
            } else if (trial.idealMs() > maxOpMs) {
                skipped.add(trial.label() + ": one op takes at least " + Format.millis(trial.idealMs())
                        + ", more than this profile's " + Format.millis(maxOpMs) + " per op; run it alone with -p");
            } else {
                trials.add(trial);
            }
        }

        /** The plan, its trials in order, numbered. */
        Plan build(TrialOrder order, Duration codeWarmUp) {
            List<List<Trial>> units = new ArrayList<>();
            for (Trial trial : trials) {
                boolean sameSweep = !units.isEmpty() && trial.sweep().isPresent()
                        && trial.sweep().equals(units.get(units.size() - 1).get(0).sweep());
                if (sameSweep) {
                    units.get(units.size() - 1).add(trial);
                } else {
                    units.add(new ArrayList<>(List.of(trial)));
                }
            }
            if (order.shuffleSeed() != null) {
                Collections.shuffle(units, new Random(order.shuffleSeed()));
            }
            List<Trial> ordered = new ArrayList<>();
            units.forEach(unit -> unit.forEach(trial -> ordered.add(trial.at(ordered.size() + 1))));
            return new Plan(List.copyOf(ordered), List.copyOf(skipped), footprint, machine.cores(), limitPerIdeal,
                    order, aotTraining, codeWarmUp);
        }
    }
}
