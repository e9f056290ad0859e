package dev.fanout.bench.models;

import dev.fanout.bench.workload.CheckedFetcher;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code Executors.newVirtualThreadPerTaskExecutor()}: the same blocking code as a thread per request, but
 * a waiting request parks a cheap virtual thread and frees its carrier. Closing the executor waits for all.
 */
final class VirtualThreadPerRequest implements FetchStrategy {
    @Override
    public List<String> fetchAll(CheckedFetcher fetcher, int n) {
        List<Future<String>> futures = new ArrayList<>(n);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                futures.add(executor.submit(fetcher::fetch));
            }
        }
        return futures.stream().map(Future::resultNow).toList();
    }

    @Override
    public String executor() {
        return "a new virtual thread per request";
    }
}
