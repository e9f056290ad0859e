package dev.fanout.bench.models;

import dev.fanout.bench.workload.CheckedFetcher;
import dev.fanout.bench.workload.FanOut;
import dev.fanout.bench.workload.Outcome;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The article's own model, asyncio, in Java: one event-loop thread issues all N requests, handles every
 * response and joins them; the calling thread only hands the op over and waits for its end. No thread is
 * made per request, by the caller or by the client, so the threads stay as few as N grows.
 */
public final class EventLoop implements FanOut {
    private final int n;

    public EventLoop(int n) {
        this.n = n;
    }

    @Override
    public Outcome run(CheckedFetcher fetcher) {
        Executor loop = fetcher.eventLoop();
        CompletableFuture<Outcome> done = new CompletableFuture<>();
        loop.execute(() -> {
            @SuppressWarnings("unchecked")
            CompletableFuture<String>[] replies = new CompletableFuture[n];
            for (int i = 0; i < n; i++) {
                replies[i] = fetcher.fetchAsync();
            }
            CompletableFuture.allOf(replies).whenComplete((all, failure) ->
                    done.complete(new Outcome(Arrays.stream(replies).map(CompletableFuture::join).toList())));
        });
        return done.join();
    }

    @Override
    public String executor() {
        return "the client's one event-loop thread, which issues, handles and joins every request";
    }
}
