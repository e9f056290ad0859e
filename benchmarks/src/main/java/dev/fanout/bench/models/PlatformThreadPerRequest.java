package dev.fanout.bench.models;

import dev.fanout.bench.workload.CheckedFetcher;
import dev.fanout.bench.workload.FanOut;
import dev.fanout.bench.workload.Outcome;
import java.util.Arrays;

/**
 * A new platform thread for every request, joined at the end: unbounded concurrency at the price of an OS
 * thread (and its stack reservation) per waiting request, created and destroyed on every fetch.
 */
public final class PlatformThreadPerRequest implements FanOut {
    private final int n;

    public PlatformThreadPerRequest(int n) {
        this.n = n;
    }

    @Override
    public Outcome run(CheckedFetcher fetcher) throws InterruptedException {
        String[] replies = new String[n];
        Thread[] threads = new Thread[n];
        for (int i = 0; i < n; i++) {
            int slot = i;
            threads[i] = Thread.ofPlatform().start(() -> replies[slot] = fetcher.fetch());
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return new Outcome(Arrays.asList(replies));
    }

    @Override
    public String executor() {
        return "a new platform thread per request";
    }
}
