package dev.fanout.bench.jmh;

import dev.fanout.bench.models.Model;
import java.util.List;
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
 * Fetch-N: one op is N GET requests to the stub server, each answered after L ms, run through one
 * concurrency model; the op ends when every response is in and checked. Only the model differs between
 * runs: the same OkHttp client settings, connections opened before measuring, the same check and timing.
 *
 * <p>What to expect: sequential takes N × L; thread per request, virtual threads and OkHttp's enqueue take
 * about L plus their overhead, which grows with N; a fixed pool of k takes L × ceil(N / k). The launcher
 * prints each mean beside that ideal. Run it through the launcher, which starts the server:
 * {@code java -jar benchmarks.jar FetchN -p model=virtual_threads -p n=1000}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
public class FetchNBenchmark {
    /** The concurrency model under study. */
    @Param({"sequential", "platform_threads", "virtual_threads", "completable_future",
            "completable_future_async", "fixed_pool"})
    public Model model;

    /** Requests in one op (the fan-out). */
    @Param({"100"})
    public int n;

    /** Server delay of each request, ms. */
    @Param({"100"})
    public long latencyMs;

    /** Threads of {@code fixed_pool} (k); the other models ignore it. */
    @Param({"64"})
    public int k;

    /** CPU-bound work done on each response, µs. */
    @Param({"0"})
    public long cpuMicros;

    /** Whether latencies go into HdrHistogram; false only to measure what recording costs. */
    @Param({"true"})
    public boolean recording;

    private FetchNFixture fixture;

    @Setup(Level.Trial)
    public void startTrial(BenchmarkParams params) {
        fixture = FetchNFixture.start(params.getBenchmark(), JmhParams.of(params), model, n, latencyMs, k, cpuMicros,
                recording);
    }

    @Setup(Level.Iteration)
    public void startIteration(IterationParams iteration) {
        fixture.iterationStarted(iteration.getType() == IterationType.MEASUREMENT);
    }

    @Benchmark
    public List<String> fetchN() throws InterruptedException {
        return fixture.fetchN();
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
