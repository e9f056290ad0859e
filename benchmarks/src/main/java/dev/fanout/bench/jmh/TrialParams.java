package dev.fanout.bench.jmh;

import dev.fanout.bench.clients.Client;
import dev.fanout.bench.clients.Protocol;
import dev.fanout.bench.suite.Params;
import dev.fanout.bench.suite.Setting;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The params both benchmarks share, declared once: JMH reads {@code @Param} fields from a state's superclasses too,
 * and needs this class to be a {@code @State} for that. Each benchmark declares the two whose defaults differ
 * ({@code workload} and {@code n}) and its own. The fixture reads them all at once through
 * {@link Setting#fromParams}, the one reader of a trial's params, which the launcher uses too. A param a workload does
 * not use must be 0 ({@code arrangement}: "-"), and the launcher sets each one.
 */
@State(Scope.Benchmark)
public abstract class TrialParams {
    /** The HTTP client every request goes through. */
    @Param({"okhttp"})
    public Client client;

    /** How many client instances (connection pools) the requests are spread over. */
    @Param({"http1"})
    public Protocol protocol;

    @Param({"1"})
    public int pools;

    /** Server delay of each request, ms. */
    @Param({"100"})
    public long latencyMs;

    /** {@code fixed_pool}'s threads, {@code semaphore}'s permits. */
    @Param({"0"})
    public int k;

    /** CPU-bound work done on each response, µs. */
    @Param({"0"})
    public long cpuMicros;

    /** {@code fire_and_forget}'s hand-written wait, ms. */
    @Param({"0"})
    public long sleepMs;

    /** {@code cpu_io_mix}'s CPU-bound tasks. */
    @Param({"0"})
    public int cpuTasks;

    /** The range of each CPU task's {@code sum(i * i for i in range(cpuRange))}. */
    @Param({"0"})
    public long cpuRange;

    /** {@code cpu_io_mix}'s executors, an arrangement; "-" for every other workload. */
    @Param({Params.NO_ARRANGEMENT})
    public String arrangement;

    /** Whether latencies go into HdrHistogram; false only to measure what recording costs. */
    @Param({"0"})
    public long deadlineMs;

    @Param({"true"})
    public boolean recording;
}
