package dev.fanout.bench.models;

import dev.fanout.bench.workload.CheckedFetcher;
import dev.fanout.bench.workload.FanOut;
import dev.fanout.bench.workload.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code Executors.newVirtualThreadPerTaskExecutor()}: the same blocking code as a thread per request, but
 * a waiting request parks a cheap virtual thread and frees its carrier. Closing the executor waits for all.
 */
public final class VirtualThreadPerRequest implements FanOut {
    private final int n;

    public VirtualThreadPerRequest(int n) {
        this.n = n;
    }

    @Override
    public Outcome run(CheckedFetcher fetcher) {
        List<Future<String>> futures = new ArrayList<>(n);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                futures.add(executor.submit(fetcher::fetch));
            }
        }
        return new Outcome(futures.stream().map(Future::resultNow).toList());
    }

    @Override
    public String executor() {
        return "a new virtual thread per request";
    }
}
