package dev.fanout.bench.profiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * The two readings that bracket the ops leave their own scan of every thread out of the caller's CPU: with nothing
 * between them, the caller's CPU from one to the other is a small part of what one scan costs it.
 */
class ThreadCpuTest {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Parked threads, so that a scan reads hundreds of files and costs far more than reading one counter. */
    private static final int PARKED = 300;
    private static final int ROUNDS = 21;

    @Test
    void theCallersCpuBetweenTwoReadingsLeavesOutTheirScans() throws InterruptedException {
        assumeThat(ThreadCpu.available()).as("Linux's per-thread counters").isTrue();
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> parked = new ArrayList<>();
        for (int i = 0; i < PARKED; i++) {
            parked.add(Thread.ofPlatform().start(() -> awaitQuietly(release)));
        }
        try {
            String caller = ThreadCpu.currentThreadId();
            long[] between = new long[ROUNDS];
            long[] scan = new long[ROUNDS];
            for (int i = 0; i < ROUNDS; i++) {
                ThreadCpu begin = ThreadCpu.now(MeasuredWindow.Edge.BEGIN, () -> 0, () -> 0);
                ThreadCpu end = ThreadCpu.now(MeasuredWindow.Edge.END, () -> 0, () -> 0);
                between[i] = end.threads().get(caller).nanos() - begin.threads().get(caller).nanos();
                long before = THREADS.getCurrentThreadCpuTime();
                ThreadCpu.now(MeasuredWindow.Edge.BEGIN, () -> 0, () -> 0);
                scan[i] = THREADS.getCurrentThreadCpuTime() - before;
            }
            assertThat(median(scan)).as("a reading scans every thread").isPositive();
            assertThat(median(between)).as("the caller's CPU between two readings, ns, against one reading's "
                    + median(scan)).isLessThan(median(scan) / 10);
        } finally {
            release.countDown();
            for (Thread thread : parked) {
                thread.join();
            }
        }
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
