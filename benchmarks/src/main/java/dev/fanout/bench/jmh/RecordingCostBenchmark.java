package dev.fanout.bench.jmh;

import dev.fanout.bench.recording.LatencyRecorder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the harness's own recording costs per request: one {@link LatencyRecorder#requestDone} call, from
 * one thread and from two at once (the 2-core machines this runs on), in ns. A fetch-N records N of these
 * and one op time, so the cost of recording one op is about N times this; at N = 1000 and L = 100 ms, tens
 * of nanoseconds a call is a few hundredths of a percent of an op.
 *
 * <p>Measured apart from fetch-N because a fetch-N op varies by more than recording costs: switching
 * recording off there ({@code -p recording=false}) shows only noise. Run it with JMH's own main:
 * {@code java -cp benchmarks.jar org.openjdk.jmh.Main RecordingCost}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RecordingCostBenchmark {
    private final LatencyRecorder recorder = new LatencyRecorder();
    private long sentAt;

    @Setup
    public void start() {
        sentAt = System.nanoTime();
    }

    /** A request of about 100 ms, as recorded by the fetcher. */
    @Benchmark
    @Threads(1)
    public void oneThread() {
        recorder.requestDone(sentAt, sentAt + 100_000_000L + (System.nanoTime() & 0xFFFF));
    }

    @Benchmark
    @Threads(2)
    public void twoThreads() {
        recorder.requestDone(sentAt, sentAt + 100_000_000L + (System.nanoTime() & 0xFFFF));
    }
}
