package dev.fanout.bench.models;

import dev.fanout.bench.workload.CheckedFetcher;
import dev.fanout.bench.workload.FanOut;
import dev.fanout.bench.workload.Outcome;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * The client's own non-blocking API ({@link dev.fanout.bench.clients.HttpClient#getAsync}), joined with
 * {@code allOf}: the caller holds no thread per waiting request. Whether the client does depends on the
 * client: OkHttp's {@code enqueue} runs every call as a blocking call on a thread of its Dispatcher's cached
 * pool (reused from op to op), so with OkHttp this model shows what "async" costs when it sits on threads.
 */
public final class AsyncCompletableFuture implements FanOut {
    private final int n;

    public AsyncCompletableFuture(int n) {
        this.n = n;
    }

    @Override
    public Outcome run(CheckedFetcher fetcher) {
        @SuppressWarnings("unchecked")
        CompletableFuture<String>[] replies = new CompletableFuture[n];
        for (int i = 0; i < n; i++) {
            replies[i] = fetcher.fetchAsync();
        }
        CompletableFuture.allOf(replies).join();
        return new Outcome(Arrays.stream(replies).map(CompletableFuture::join).toList());
    }

    @Override
    public String executor() {
        return "the client's own non-blocking API, joined by CompletableFuture.allOf";
    }
}
