package dev.fanout.bench.workload;

/** Told of every request that came back correct, so the harness can record its latency. */
@FunctionalInterface
public interface RequestObserver {
    /** Ignores every request: for tests and for runs with recording off. */
    RequestObserver NONE = (sentAtNanos, doneAtNanos) -> { };

    /**
     * @param sentAtNanos {@link System#nanoTime()} just before the request was handed to the client
     * @param doneAtNanos {@link System#nanoTime()} once the whole response was read and checked
     */
    void requestDone(long sentAtNanos, long doneAtNanos);
}
