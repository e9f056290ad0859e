package dev.fanout.bench.workload;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Counts the failed requests of one fetch-N and keeps the first one's story. Requests report here rather
 * than throw, so a fetch-N still waits for all of its requests and can say "12 of 1000 failed".
 */
public final class FailureTally {
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicReference<String> first = new AtomicReference<>();

    void record(Throwable failure) {
        count.incrementAndGet();
        first.compareAndSet(null, describe(failure));
    }

    public int count() {
        return count.get();
    }

    /** The first failure, or null when there was none. */
    public String first() {
        return first.get();
    }

    public void reset() {
        count.set(0);
        first.set(null);
    }

    /**
     * @throws FetchFailedException when any of the {@code requests} failed
     */
    public void throwIfAnyFailed(int requests) {
        int failed = count();
        if (failed > 0) {
            throw new FetchFailedException(failed + " of " + requests + " requests failed; first: " + first());
        }
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
