package dev.fanout.bench.profiler;

import dev.fanout.bench.models.Pinning;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * Fan-outs with the footprint of the real ones and no network: each task allocates a known buffer and
 * sleeps, the way a fetch allocates its response and waits on its socket.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TinyFanOut {
    static final int TASKS = 200;
    static final int PINNED_TASKS = 16;
    static final int BYTES_PER_TASK = 64 * 1024;

    private static final long TASK_SLEEP_MS = 50;
    private static final long PINNED_SLEEP_MS = 10;

    /**
     * Every task waits until all have started, so that all TASKS threads are alive at once however slowly a
     * loaded machine starts them: the peak the profiler must see is then exact, not a race with the sleep.
     */
    @Benchmark
    public long platformThreadPerTask() throws Exception {
        List<Thread> threads = new ArrayList<>(TASKS);
        long[] sums = new long[TASKS];
        CountDownLatch allStarted = new CountDownLatch(TASKS);
        for (int i = 0; i < TASKS; i++) {
            int task = i;
            threads.add(Thread.ofPlatform().start(() -> {
                allStarted.countDown();
                awaitQuietly(allStarted);
                sums[task] = fetch(TASK_SLEEP_MS);
            }));
        }
        long sum = 0;
        for (int i = 0; i < TASKS; i++) {
            threads.get(i).join();
            sum += sums[i];
        }
        return sum;
    }

    @Benchmark
    public long virtualThreadPerTask() throws Exception {
        return onVirtualThreads(TASKS, () -> fetch(TASK_SLEEP_MS));
    }

    @Benchmark
    public long virtualThreadsPinned() throws Exception {
        return onVirtualThreads(PINNED_TASKS, () -> Pinning.pinnedCall(() -> fetch(PINNED_SLEEP_MS)));
    }

    @Benchmark
    public long virtualThreadsSynchronized() throws Exception {
        return onVirtualThreads(PINNED_TASKS, () -> Pinning.synchronizedCall(() -> fetch(PINNED_SLEEP_MS)));
    }

    private static long onVirtualThreads(int tasks, Callable<Long> task) throws Exception {
        List<Future<Long>> results = new ArrayList<>(tasks);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < tasks; i++) {
                results.add(executor.submit(task));
            }
        }
        long sum = 0;
        for (Future<Long> result : results) {
            sum += result.get();
        }
        return sum;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A buffer too large for escape analysis to remove, then a blocking wait, like a fetch's response. */
    private static long fetch(long sleepMs) {
        byte[] response = new byte[BYTES_PER_TASK];
        response[response.length - 1] = 1;
        try {
            Thread.sleep(sleepMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return response.length + response[response.length - 1];
    }
}
