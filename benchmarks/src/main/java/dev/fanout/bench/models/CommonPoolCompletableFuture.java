package dev.fanout.bench.models;

import dev.fanout.bench.workload.CheckedFetcher;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;

/**
 * {@code CompletableFuture.supplyAsync(blockingCall)} with no executor: the common mistake. With no
 * executor the task runs on {@code ForkJoinPool.commonPool()}, sized for CPU work (cores − 1 threads), and a
 * blocking HTTP call holds its worker for the whole wait without telling the pool (no
 * {@code ManagedBlocker}), so N requests go through in ceil(N / parallelism) waves, and everything else
 * that uses the common pool (parallel streams, other futures) starves meanwhile.
 *
 * <p>When the common pool's parallelism is below 2, as on a 2-core machine, the JDK does not use it at all
 * and starts a new thread per task instead, which hides the mistake there. {@link #executor()} and
 * {@link Model#concurrency(int, int)} say which one ran, so the ideal time matches what really happened.
 */
final class CommonPoolCompletableFuture implements FetchStrategy {
    private static final int PARALLELISM = ForkJoinPool.getCommonPoolParallelism();

    @Override
    public List<String> fetchAll(CheckedFetcher fetcher, int n) {
        @SuppressWarnings("unchecked")
        CompletableFuture<String>[] replies = new CompletableFuture[n];
        for (int i = 0; i < n; i++) {
            replies[i] = CompletableFuture.supplyAsync(fetcher::fetch);
        }
        CompletableFuture.allOf(replies).join();
        return Arrays.stream(replies).map(CompletableFuture::join).toList();
    }

    /** Mirrors {@code CompletableFuture}'s own choice of its default async executor. */
    private static boolean usesCommonPool() {
        return PARALLELISM > 1;
    }

    /** The requests in flight at once: the common pool's workers, or all of them on a thread each. */
    static int concurrency(int n) {
        return usesCommonPool() ? Math.min(PARALLELISM, n) : n;
    }

    @Override
    public String executor() {
        return usesCommonPool()
                ? "ForkJoinPool.commonPool() with parallelism " + PARALLELISM
                : "a new thread per task (the common pool's parallelism " + PARALLELISM + " is below 2)";
    }
}
