package dev.fanout.bench.cli;

import dev.fanout.bench.jmh.FanOutBenchmark;
import dev.fanout.bench.jmh.ServiceBenchmark;
import dev.fanout.bench.jmh.ForkEnvironment;
import dev.fanout.bench.suite.Setting;
import dev.fanout.bench.suite.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One trial the launcher hands to JMH: its setting, the ideal time of one op (to plan the iterations and to
 * print beside the result), and the iterations.
 *
 * @param idealMs   the physical limit of one op on this machine, ms
 * @param cpuTaskMs the cost of one {@code cpu_io_mix} CPU task the ideal assumed, which the fork is told so
 *                  that it judges the trial by the same ideal; empty for every other workload
 * @param order     the trial's place in its run, from 1; 0 until the plan has placed it
 */
record Trial(Setting setting, double idealMs, OptionalDouble cpuTaskMs, IterationPlan iterations, int order) {
    /** The benchmark of the closed loop: one op, one fan-out. */
    static final String CLOSED_LOOP_BENCHMARK = FanOutBenchmark.class.getName() + ".fanOut";
    /** The benchmark of service mode: one op, one window of arrivals. */
    static final String SERVICE_BENCHMARK = ServiceBenchmark.class.getName() + ".serve";

    /** The JMH benchmark this trial runs in. */
    String benchmark() {
        return setting.inServiceMode() ? SERVICE_BENCHMARK : CLOSED_LOOP_BENCHMARK;
    }

    /**
     * The sweep this trial is a step of: its setting in the closed loop, which every step of the sweep shares; empty
     * for a closed-loop trial.
     */
    Optional<Setting> sweep() {
        return setting.inServiceMode() ? Optional.of(setting.atRate(0)) : Optional.empty();
    }

    /**
     * The most requests this trial can have in flight: N in the closed loop; in service mode, by Little's law, the
     * rate times each fan-out's concurrency times the response time a step may reach and still hold, {@code
     * limitPerIdeal} times the ideal.
     */
    int mostInFlight(double limitPerIdeal) {
        if (!setting.inServiceMode()) {
            return setting.n();
        }
        double limitSeconds = limitPerIdeal * idealMs / 1000;
        return (int) Math.max(setting.n(), Math.ceil(setting.rate() * setting.concurrency() * limitSeconds));
    }

    /**
     * From this N on a fork's measured ops follow too few warm-up ops for the compilers to be done, and one launch
     * differed most from the next (docs/spread.md).
     */
    static final int LARGE_N = 10_000;

    /**
     * Whether a trial of {@code setting} is a closed-loop fan-out of the JVM's of at least {@link #LARGE_N} requests:
     * such a trial gets several forks ({@link Profile#iterationsOf}) and, on JDK 25 unless {@code --no-aot-training},
     * a training fork whose compiler profiles its measured forks start from ({@link JmhTrialRunner}).
     */
    static boolean isLarge(Setting setting) {
        return !setting.inServiceMode() && setting.workload().runsInJmh() && setting.n() >= LARGE_N;
    }

    /**
     * Whether the footprint profiler counts pinned virtual threads here: it takes a JFR stream (about
     * {@link Plan#PINNING_COST_PER_FORK} to start, before the warm-up), spent only where a virtual thread can be
     * pinned.
     */
    boolean countsPinning() {
        return setting.workload().usesVirtualThreads();
    }

    /**
     * Every fork's heap, fixed and touched at start (docs/spread.md), in MiB: 1 GiB, where a fan-out of 10,000 keeps a
     * small part of it live; beyond 10,000 requests 32 KiB more for each. 100,000 virtual threads waiting on OkHttp's
     * HTTP/2 streams ran out of 1 GiB (OutOfMemoryError in the h2c profile's first run).
     */
    static final int FORK_HEAP_MB = 1_024;
    static final int FORK_HEAP_FROM_N = 10_000;
    static final int FORK_HEAP_KB_PER_REQUEST_BEYOND = 32;

    /** This trial's fork heap, MiB ({@link #FORK_HEAP_MB}). */
    int forkHeapMb() {
        long beyond = Math.max(0, setting.n() - FORK_HEAP_FROM_N);
        return FORK_HEAP_MB + (int) Math.ceilDiv(beyond * FORK_HEAP_KB_PER_REQUEST_BEYOND, 1_024);
    }

    /**
     * The JVM arguments only this trial's forks get: its heap, its client's properties, its workload's, its CPU task's
     * cost.
     */
    List<String> forkProperties() {
        String heap = forkHeapMb() + "m";
        List<String> properties = new ArrayList<>(List.of("-Xms" + heap, "-Xmx" + heap));
        properties.addAll(setting.client().forkProperties());
        properties.addAll(setting.workload().jvmArguments());
        cpuTaskMs.ifPresent(ms -> properties.add("-D" + ForkEnvironment.CPU_TASK_MS + "=" + ms));
        return List.copyOf(properties);
    }

    /** A short label for progress lines, e.g. {@code fixed_pool okhttp n=100 L=100 k=8}. */
    String label() {
        return setting.label();
    }

    /** This trial with other iterations. */
    Trial withIterations(IterationPlan other) {
        return new Trial(setting, idealMs, cpuTaskMs, other, order);
    }

    /** This trial at another place in its run. */
    Trial at(int otherOrder) {
        return new Trial(setting, idealMs, cpuTaskMs, iterations, otherOrder);
    }

    /** The trial of {@code setting}, with a CPU task of the given cost for {@code cpu_io_mix}. */
    static Trial of(Setting setting, CpuTaskCost cpuTaskCost, IterationPlan iterations, int cores) {
        OptionalDouble cpuTaskMs = setting.workload() == Workload.cpu_io_mix
                ? OptionalDouble.of(cpuTaskCost.millis(setting.cpuRange())) : OptionalDouble.empty();
        double ideal = setting.idealMs(cpuTaskMs.orElse(0), cores);
        // A service step's op is a window as long as its iteration, whatever one fan-out takes.
        return new Trial(setting, ideal, cpuTaskMs, setting.inServiceMode() ? iterations : iterations.forOpsOf(ideal), 0);
    }

    /** The cost of one {@code cpu_io_mix} CPU task of a range, ms, as the plan assumes it. */
    @FunctionalInterface
    interface CpuTaskCost {
        double millis(long range);
    }
}
