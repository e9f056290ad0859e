package dev.fanout.bench.scenarios;

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
     * The least time one task of {@code range} took on this thread, ms, after warming the JIT. The least,
     * because it is a lower bound for the ideal time: whatever slowed the others (a descheduled thread, a
     * neighbour on a shared core) is not the task's own cost.
     */
    public static double costMillis(long range) {
        for (int i = 0; i < 3; i++) {
            sink = sumOfSquares(range);
        }
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            sink = sumOfSquares(range);
            best = Math.min(best, System.nanoTime() - start);
        }
        return best / 1e6;
    }
}
