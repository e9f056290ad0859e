package dev.fanout.bench.models;

import dev.fanout.bench.workload.CheckedFetcher;
import java.util.Arrays;
import java.util.List;

/**
 * A new platform thread for every request, joined at the end: unbounded concurrency at the price of an OS
 * thread (and its stack reservation) per waiting request, created and destroyed on every fetch.
 */
final class PlatformThreadPerRequest implements FetchStrategy {
    @Override
    public List<String> fetchAll(CheckedFetcher fetcher, int n) throws InterruptedException {
        String[] replies = new String[n];
        Thread[] threads = new Thread[n];
        for (int i = 0; i < n; i++) {
            int slot = i;
            threads[i] = Thread.ofPlatform().start(() -> replies[slot] = fetcher.fetch());
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return Arrays.asList(replies);
    }

    @Override
    public String executor() {
        return "a new platform thread per request";
    }
}
