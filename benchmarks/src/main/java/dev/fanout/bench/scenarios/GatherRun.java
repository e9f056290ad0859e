package dev.fanout.bench.scenarios;

import dev.fanout.bench.workload.ClaimFailedException;
import dev.fanout.bench.workload.CheckedFetcher;
import dev.fanout.bench.workload.FanOut;
import dev.fanout.bench.workload.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * test4, {@code asyncio.gather(*futures)}: {@code CompletableFuture.allOf}, then the results in submission
 * order whatever order the responses came in. Each task returns its index too, as the article's do, so the
 * order is checked rather than assumed.
 */
public final class GatherRun implements FanOut {
    private final int n;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    public GatherRun(int n) {
        this.n = n;
    }

    private record Indexed(int index, String reply) {
    }

    @Override
    public Outcome run(CheckedFetcher fetcher) {
        List<CompletableFuture<Indexed>> futures = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int index = i;
            futures.add(CompletableFuture.supplyAsync(() -> new Indexed(index, fetcher.fetch()), executor));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
        List<String> replies = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Indexed result = futures.get(i).join();
            if (result.index() != i) {
                throw new ClaimFailedException("gather: result " + i + " came from task " + result.index());
            }
            replies.add(result.reply());
        }
        return new Outcome(replies);
    }

    @Override
    public String executor() {
        return "a virtual thread per request, joined by CompletableFuture.allOf";
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
