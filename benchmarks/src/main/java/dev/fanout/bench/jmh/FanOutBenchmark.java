package dev.fanout.bench.jmh;

import dev.fanout.bench.suite.Setting;
import dev.fanout.bench.suite.Workload;
import dev.fanout.bench.workload.Outcome;
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
 * Closed loop: one op is one fan-out, N GET requests to the stub server, each answered after L ms, run
 * through one workload (a concurrency model, or one of the article's scenarios) and one HTTP client; the op
 * ends when every response is in and checked, and the next op starts then. Only the workload and the client
 * differ between trials: the same client sizing, connections opened before measuring, the same check and
 * timing.
 *
 * <p>What to expect: sequential and lock take N × L; a thread or virtual thread per request, the client's
 * async API, wait_all, gather, event and condition about L plus their overhead, which grows with N; a fixed
 * pool or a semaphore of k take L × ceil(N / k); fire_and_forget its sleep. The launcher prints each mean
 * beside that ideal, and starts the server: {@code java -jar benchmarks.jar -p workload=virtual_threads -p n=1000}.
 * The params other than the workload and N are {@link TrialParams}'s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
public class FanOutBenchmark extends TrialParams {
    /** The model or scenario under study; with no {@code -p}, every one of them. */
    @Param
    public Workload workload;

    /** Requests in one op (the fan-out); {@code cpu_io_mix}'s I/O tasks. */
    @Param({"100"})
    public int n;

    private FanOutFixture fixture;

    @Setup(Level.Trial)
    public void startTrial(BenchmarkParams params) {
        fixture = FanOutFixture.start(params.getBenchmark(), Setting.fromParams(JmhParams.of(params)));
    }

    @Setup(Level.Iteration)
    public void startIteration(IterationParams iteration) {
        fixture.iterationStarted(iteration.getType() == IterationType.MEASUREMENT);
    }

    @Benchmark
    public Outcome fanOut() throws InterruptedException {
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
