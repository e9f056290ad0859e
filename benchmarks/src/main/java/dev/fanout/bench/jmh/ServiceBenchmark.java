package dev.fanout.bench.jmh;

import dev.fanout.bench.suite.Setting;
import dev.fanout.bench.suite.Workload;
import dev.fanout.bench.workload.ServiceLoop;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Service mode, an open loop: fan-outs arrive at {@code rate} a second, each one {@link FanOutBenchmark}'s fan-out
 * through the same workload, client and fixture, started at its scheduled time on its own virtual thread whether or
 * not the earlier ones are done. One op is one window of arrivals as long as the iteration, plus the time the last
 * of them take to finish, so JMH's score is that window's length and says nothing; what this measures goes into
 * the histograms: each arrival's response time from its intended start (no coordinated omission), its service time
 * from its actual start, and how late it started.
 *
 * <p>What to expect: below a model's capacity, response times near the fan-out's ideal and arrivals on time;
 * past it, the work in flight (R × N × L requests by Little's law, more as they slow) outgrows the CPU or the
 * client, and response times climb from one window to the next: the knee the launcher's sweep looks for.
 * {@code java -jar benchmarks.jar --profile service -p workload=virtual_threads -p n=10 -p rate=500}.
 *
 * <p>The params are {@link FanOutBenchmark}'s ({@link TrialParams}'s, a workload and N), plus the two of arrival.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 3)
public class ServiceBenchmark extends TrialParams {
    /** A concurrency model; service mode runs no scenario. */
    @Param({"virtual_threads"})
    public Workload workload;

    /** Requests in each arrival's fan-out. */
    @Param({"10"})
    public int n;

    /** Fan-outs arriving per second. */
    @Param({"100"})
    public int rate;

    /** Whether the gaps between arrivals are exponential (a Poisson process) rather than even. */
    @Param({"false"})
    public boolean poisson;

    private FanOutFixture fixture;
    private long windowNanos;

    @Setup(Level.Trial)
    public void startTrial(BenchmarkParams params) {
        fixture = FanOutFixture.start(params.getBenchmark(), Setting.fromParams(JmhParams.of(params)));
    }

    @Setup(Level.Iteration)
    public void startIteration(IterationParams iteration) {
        windowNanos = iteration.getTime().convertTo(TimeUnit.NANOSECONDS);
        fixture.iterationStarted(iteration.getType() == IterationType.MEASUREMENT);
    }

    @Benchmark
    public ServiceLoop.Window serve() throws InterruptedException {
        return fixture.serve(windowNanos);
    }

    @TearDown(Level.Iteration)
    public void endIteration() {
        fixture.iterationEnded();
    }

    @TearDown(Level.Trial)
    public void endTrial() {
        fixture.close();
    }
}
