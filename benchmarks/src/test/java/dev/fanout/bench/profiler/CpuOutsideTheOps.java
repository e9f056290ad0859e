package dev.fanout.bench.profiler;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Ops of a known CPU cost, and a trial tear-down that costs far more, as writing results and closing
 * clients does: the profiler must charge the ops their own cost, whatever the tear-down did. The benchmark
 * marks its window as the harness's does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CpuOutsideTheOps {
    static final long OP_CPU_MS = 2;
    static final long TEAR_DOWN_CPU_MS = 1_000;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Setup(Level.Iteration)
    public void opsBegin() {
        MeasuredWindow.begin();
    }

    @Benchmark
    public long op() {
        return burn(OP_CPU_MS);
    }

    @TearDown(Level.Iteration)
    public void opsEnd() {
        MeasuredWindow.end();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        burn(TEAR_DOWN_CPU_MS);
    }

    /** Spins until this thread has used {@code ms} of CPU: CPU time, not wall time, whatever else runs. */
    private static long burn(long ms) {
        long until = THREADS.getCurrentThreadCpuTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        long spins = 0;
        while (THREADS.getCurrentThreadCpuTime() < until) {
            spins++;
        }
        return spins;
    }
}
