package dev.fanout.bench.scenarios;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The article's CPU-bound task, {@code sum(i * i for i in range(10 ** 7))}, in Java: a plain loop whose
 * result is returned, so the JIT must run it. Java runs it some hundred times faster than CPython, so its
 * cost on this machine is measured and reported rather than assumed.
 */
public final class CpuTask {
    /** The article's {@code range(10 ** 7)}. */
    public static final long ARTICLE_RANGE = 10_000_000L;

    /** Where measured results go, so the JIT cannot drop the loops being timed. */
    private static volatile long sink;

    private CpuTask() {
    }

    /** Σ i² for i in [0, range), wrapping on overflow as Java's long does. */
    public static long sumOfSquares(long range) {
        long sum = 0;
        for (long i = 0; i < range; i++) {
            sum += i * i;
        }
        return sum;
    }

    /**
     * How long {@link #costMillis} keeps timing: long enough for C2 to compile the loop even behind a busy compile
     * queue, and for some run to have a core to itself. Three untimed runs and the least of five more, in the
     * launcher of a ci run, once gave 12.3 ms for a task that takes 3.1 ms there; the ci profile's {@code
     * one_fixed_pool} row, whose bound adds the three tasks' cost, then came out at 0.89 × a bound it cannot beat,
     * INVALID. Our reading of it: the loop's first C2 code is thrown away at an uncommon trap and compiled again
     * ({@code -XX:+PrintCompilation} in {@code --list}), and a run timed before the second arrives runs C1's
     * profiling code.
     */
    static final Duration TIMING = Duration.ofSeconds(1);
    /** Runs timed at least, however long one takes. */
    static final int MIN_RUNS = 5;

    /**
     * The least time one task of {@code range} took on this thread, ms, timed for at least {@link #TIMING} and
     * {@link #MIN_RUNS} runs. The least, because
     * it is a lower bound for the ideal time: whatever slowed the others (code not yet compiled, a descheduled
     * thread, a neighbour on a shared core) is not the task's own cost.
     */
    public static double costMillis(long range) {
        return leastMillis(() -> sink = sumOfSquares(range), System::nanoTime, TIMING, MIN_RUNS);
    }

    /** The least time one run of {@code task} took, ms, running it for at least {@code atLeast} and {@code minRuns} runs. */
    static double leastMillis(Runnable task, LongSupplier nanoClock, Duration atLeast, int minRuns) {
        long start = nanoClock.getAsLong();
        long best = Long.MAX_VALUE;
        for (int runs = 0; runs < minRuns || nanoClock.getAsLong() - start < atLeast.toNanos(); runs++) {
            long runStart = nanoClock.getAsLong();
            task.run();
            best = Math.min(best, nanoClock.getAsLong() - runStart);
        }
        return best / 1e6;
    }
}
