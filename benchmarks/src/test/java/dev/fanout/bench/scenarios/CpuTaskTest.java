package dev.fanout.bench.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CpuTaskTest {
    private static final long MS = 1_000_000;
    private static final long TIMING_MS = CpuTask.TIMING.toMillis();

    /**
     * A task that runs in slow code for the first half of the timing (C1's, or beside the compiler on a shared core),
     * then four times faster: its cost is the fast runs', which only timing for long enough sees. The rule it
     * replaced, three untimed runs and the least of five, answered 12 ms here; a timing under half of TIMING would too.
     */
    @Test
    void theCostIsTheFastestRunOverTheWholeTimingNotTheFirstRunsAfterAShortWarmUp() {
        AtomicLong clock = new AtomicLong();
        AtomicInteger runs = new AtomicInteger();
        long slowRuns = TIMING_MS / 2 / 12;
        Runnable task = () -> clock.addAndGet(runs.incrementAndGet() <= slowRuns ? 12 * MS : 3 * MS);

        double costMs = CpuTask.leastMillis(task, clock::get, CpuTask.TIMING, CpuTask.MIN_RUNS);

        assertThat(costMs).isEqualTo(3.0);
        assertThat(clock.get()).isBetween(TIMING_MS * MS, (TIMING_MS + 3) * MS);
    }

    /** A task slower than the whole timing still runs the least number of times, and its least run is its cost. */
    @Test
    void aLongTaskRunsTheLeastNumberOfTimes() {
        AtomicLong clock = new AtomicLong();
        AtomicInteger runs = new AtomicInteger();
        Runnable task = () -> clock.addAndGet(runs.incrementAndGet() == 3 ? 3 * TIMING_MS / 2 * MS : 2 * TIMING_MS * MS);

        double costMs = CpuTask.leastMillis(task, clock::get, CpuTask.TIMING, CpuTask.MIN_RUNS);

        assertThat(runs).hasValue(CpuTask.MIN_RUNS);
        assertThat(costMs).isEqualTo(3 * TIMING_MS / 2.0);
    }
}
