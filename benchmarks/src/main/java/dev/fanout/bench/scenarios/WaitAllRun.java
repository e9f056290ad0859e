package dev.fanout.bench.scenarios;

import dev.fanout.bench.workload.CheckedFetcher;
import dev.fanout.bench.workload.FanOut;
import dev.fanout.bench.workload.Outcome;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * test3, {@code asyncio.wait(futures)}: {@code invokeAll} returns once every task is done, and each future
 * is then read in turn. Like the article's done and pending sets, it reports how many were done.
 */
public final class WaitAllRun implements FanOut {
    private final int n;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    public WaitAllRun(int n) {
        this.n = n;
    }

    @Override
    public Outcome run(CheckedFetcher fetcher) throws InterruptedException {
        List<Future<String>> futures = executor.invokeAll(Collections.nCopies(n, (Callable<String>) fetcher::fetch));
        long done = futures.stream().filter(Future::isDone).count();
        List<String> replies = Tasks.results(futures);
        return new Outcome(replies, Map.of("done", done, "pending", n - done));
    }

    @Override
    public String executor() {
        return "a virtual thread per request, joined by invokeAll";
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
