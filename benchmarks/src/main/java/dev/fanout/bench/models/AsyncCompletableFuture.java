package dev.fanout.bench.models;

import dev.fanout.bench.workload.CheckedFetcher;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * OkHttp's {@code enqueue} bridged to {@code CompletableFuture}, joined with {@code allOf}: the caller
 * holds no thread per waiting request. OkHttp itself does: its Dispatcher runs every enqueued call as a
 * blocking call on a thread of a cached pool, so this model shows what "async" costs with a client whose
 * async API sits on threads, reused from fetch to fetch rather than created per request.
 */
final class AsyncCompletableFuture implements FetchStrategy {
    @Override
    public List<String> fetchAll(CheckedFetcher fetcher, int n) {
        @SuppressWarnings("unchecked")
        CompletableFuture<String>[] replies = new CompletableFuture[n];
        for (int i = 0; i < n; i++) {
            replies[i] = fetcher.fetchAsync();
        }
        CompletableFuture.allOf(replies).join();
        return Arrays.stream(replies).map(CompletableFuture::join).toList();
    }

    @Override
    public String executor() {
        return "OkHttp's Dispatcher pool (enqueue)";
    }
}
