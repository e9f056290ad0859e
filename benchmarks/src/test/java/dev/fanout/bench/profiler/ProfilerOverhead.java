package dev.fanout.bench.profiler;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A fan-out of short CPU-bound tasks on virtual threads: the worst case for the profiler, whose costs (a JFR event per virtual
 * thread started where {@code vthreads=true}, JFR's per-window start-up) grow with work per second, not with
 * time blocked.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ProfilerOverhead {
    static final int TASKS = 200;
    private static final long TOKENS_PER_TASK = 2_000;

    @Benchmark
    public long virtualThreads() throws Exception {
        return fanOut(Executors.newVirtualThreadPerTaskExecutor());
    }

    private static long fanOut(ExecutorService executor) throws Exception {
        Callable<Long> task = () -> {
            Blackhole.consumeCPU(TOKENS_PER_TASK);
            return 1L;
        };
        List<Future<Long>> results = new ArrayList<>(TASKS);
        try (executor) {
            for (int i = 0; i < TASKS; i++) {
                results.add(executor.submit(task));
            }
        }
        long sum = 0;
        for (Future<Long> result : results) {
            sum += result.get();
        }
        return sum;
    }
}
