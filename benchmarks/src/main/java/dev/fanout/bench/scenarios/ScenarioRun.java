package dev.fanout.bench.scenarios;

import dev.fanout.bench.workload.CheckedFetcher;

/**
 * One scenario, built for one setting and reused for every op of a trial. Every scenario has this shape
 * (its requests through {@code fetcher}, wait as the article waits, check the primitive's promise, report
 * what it saw), so only the primitive differs between them.
 */
public interface ScenarioRun extends AutoCloseable {
    /**
     * One op. Starts from clean counters on {@code fetcher}; a failed request is counted there, never thrown.
     *
     * @throws ClaimFailedException when the primitive broke its promise
     */
    Outcome run(CheckedFetcher fetcher) throws InterruptedException;

    /** What really ran the requests, in words, for the results. */
    String executor();

    /** Releases the threads the scenario keeps between ops. */
    @Override
    void close();
}
