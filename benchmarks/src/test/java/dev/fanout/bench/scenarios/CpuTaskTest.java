package dev.fanout.bench.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CpuTaskTest {
    private static final long MS = 1_000_000;

    /**
     * A task that runs in slow code for its first half second (C1's, or beside the compiler on a shared core), then
     * four times faster: its cost is the fast runs', which only timing for long enough sees. The rule it replaced,
     * three untimed runs and the least of five, answered 12 ms here.
     */
    @Test
    void theCostIsTheFastestRunOverTheWholeTimingNotTheFirstRunsAfterAShortWarmUp() {
        AtomicLong clock = new AtomicLong();
        AtomicInteger runs = new AtomicInteger();
        Runnable task = () -> clock.addAndGet(runs.incrementAndGet() <= 40 ? 12 * MS : 3 * MS);

        double costMs = CpuTask.leastMillis(task, clock::get, Duration.ofSeconds(1), CpuTask.MIN_RUNS);

        assertThat(costMs).isEqualTo(3.0);
        assertThat(clock.get()).isBetween(1_000 * MS, 1_003 * MS);
    }

    /** A task slower than the whole timing still runs the least number of times, and its least run is its cost. */
    @Test
    void aLongTaskRunsTheLeastNumberOfTimes() {
        AtomicLong clock = new AtomicLong();
        AtomicInteger runs = new AtomicInteger();
        Runnable task = () -> clock.addAndGet(runs.incrementAndGet() == 3 ? 1_500 * MS : 2_000 * MS);

        double costMs = CpuTask.leastMillis(task, clock::get, Duration.ofSeconds(1), CpuTask.MIN_RUNS);

        assertThat(runs).hasValue(CpuTask.MIN_RUNS);
        assertThat(costMs).isEqualTo(1_500.0);
    }
}
