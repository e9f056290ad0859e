package dev.fanout.bench.jmh;

import dev.fanout.bench.scenarios.Arrangement;
import dev.fanout.bench.scenarios.Outcome;
import dev.fanout.bench.scenarios.Scenario;
import dev.fanout.bench.scenarios.ScenarioSetting;
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
 * The seed article's scenarios over the same stub server, client and checked request as fetch-N: one op
 * is one run of the scenario, e.g. N requests under one lock, or I/O and CPU tasks side by side. Every
 * scenario checks what its primitive promises and the op fails when it does not.
 *
 * <p>What to expect: sequential and lock take N × L; wait_all, gather, event and condition L; semaphore
 * L × ceil(N / permits); fire_and_forget its sleep, or fails with the requests it lost when the sleep is
 * shorter than L; cpu_io_mix L, or longer when its arrangement lets CPU work hold up the I/O. A param a
 * scenario does not use must be 0 ({@code arrangement}: "-"); run it through the launcher, which sets each
 * one: {@code java -jar benchmarks.jar --profile seed} runs the article's setting and prints the article's
 * table beside ours.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
public class ScenarioBenchmark {
    /** The article's scenario. */
    @Param({"sequential", "fire_and_forget", "wait_all", "gather", "lock", "event", "condition", "semaphore",
            "cpu_io_mix"})
    public Scenario scenario;

    /** Requests in one op (the article's {@code workers}); {@code cpu_io_mix}'s I/O tasks. */
    @Param({"3"})
    public int n;

    /** Server delay of each request, ms. */
    @Param({"1000"})
    public long latencyMs;

    /** {@code semaphore}'s permits. */
    @Param({"0"})
    public int permits;

    /** {@code fire_and_forget}'s hand-written wait, ms. */
    @Param({"0"})
    public long sleepMs;

    /** {@code cpu_io_mix}'s CPU-bound tasks. */
    @Param({"0"})
    public int cpuTasks;

    /** The range of each CPU task's {@code sum(i * i for i in range(cpuRange))}. */
    @Param({"0"})
    public long cpuRange;

    /** {@code cpu_io_mix}'s executors, an {@link Arrangement}; "-" for the other scenarios. */
    @Param({"-"})
    public String arrangement;

    private ScenarioFixture fixture;

    @Setup(Level.Trial)
    public void startTrial(BenchmarkParams params) {
        ScenarioSetting setting = new ScenarioSetting(scenario, n, latencyMs, permits, sleepMs, cpuTasks, cpuRange,
                arrangement.equals("-") ? null : Arrangement.valueOf(arrangement));
        fixture = ScenarioFixture.start(params.getBenchmark(), JmhParams.of(params), setting);
    }

    @Setup(Level.Iteration)
    public void startIteration(IterationParams iteration) {
        fixture.iterationStarted(iteration.getType() == IterationType.MEASUREMENT);
    }

    @Benchmark
    public Outcome run() throws InterruptedException {
        return fixture.op();
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
