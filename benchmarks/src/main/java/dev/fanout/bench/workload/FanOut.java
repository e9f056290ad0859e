package dev.fanout.bench.workload;

/**
 * One workload, built for one trial's setting and reused for every op of it: a concurrency model (N requests
 * handed out and joined) or one of the article's scenarios (N requests under a lock, beside waiters on an
 * event, ...). Every implementation has this shape (its requests through the fetcher, wait as it waits,
 * check its own promise, report what it saw) so that only the thing under study differs between them.
 */
public interface FanOut extends AutoCloseable {
    /**
     * One op. Starts from clean counters on {@code fetcher}; a failed request is counted there, never thrown.
     *
     * @throws ClaimFailedException when the workload saw something its primitive promises cannot happen
     */
    Outcome run(CheckedFetcher fetcher) throws InterruptedException;

    /** What really ran the requests, in words, for the results. */
    String executor();

    /** Releases the threads the workload keeps between ops; most keep none. */
    @Override
    default void close() {
    }
}
