package dev.fanout.bench.models;

import dev.fanout.bench.workload.CheckedFetcher;
import java.util.List;

/**
 * A concurrency model: how one fetch-N gets its N requests done. Every implementation has the same
 * shape (hand out N requests, wait for all, return their replies in order) so that only the model differs.
 */
public interface FetchStrategy extends AutoCloseable {
    /**
     * Runs {@code n} requests through {@code fetcher} and returns once every one is done.
     *
     * @return each request's reply ({@code null} for a failed one) in submission order
     */
    List<String> fetchAll(CheckedFetcher fetcher, int n) throws InterruptedException;

    /** What really ran the requests, in words, for the results. */
    String executor();

    /** Releases threads the model keeps between fetches; most keep none. */
    @Override
    default void close() {
    }
}
