package dev.fanout.bench.models;

import dev.fanout.bench.workload.CheckedFetcher;
import dev.fanout.bench.workload.FanOut;
import dev.fanout.bench.workload.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code Executors.newFixedThreadPool(k)} with {@code invokeAll}: the bounded pool most services use. The
 * pool lives as long as the benchmark, so its threads are made once; requests beyond k wait in its queue,
 * which gives L × ceil(N / k).
 */
public final class FixedThreadPool implements FanOut {
    private final int n;
    private final int threads;
    private final ExecutorService pool;

    public FixedThreadPool(int n, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("fixed_pool needs k >= 1 threads, got " + threads);
        }
        this.n = n;
        this.threads = threads;
        this.pool = Executors.newFixedThreadPool(threads);
    }

    @Override
    public Outcome run(CheckedFetcher fetcher) throws InterruptedException {
        List<Callable<String>> tasks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            tasks.add(fetcher::fetch);
        }
        List<String> replies = new ArrayList<>(n);
        for (Future<String> reply : pool.invokeAll(tasks)) {
            try {
                replies.add(reply.get());
            } catch (ExecutionException e) {
                throw new IllegalStateException("a request escaped its failure count", e.getCause());
            }
        }
        return new Outcome(replies);
    }

    @Override
    public String executor() {
        return "a fixed pool of " + threads + " platform threads";
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
