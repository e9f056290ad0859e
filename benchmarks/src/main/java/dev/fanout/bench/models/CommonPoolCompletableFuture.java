package dev.fanout.bench.models;

import dev.fanout.bench.workload.CheckedFetcher;
import dev.fanout.bench.workload.FanOut;
import dev.fanout.bench.workload.Outcome;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * {@code CompletableFuture.supplyAsync(blockingCall)} with no executor: the common mistake. With no
 * executor the task runs on {@code ForkJoinPool.commonPool()}, sized for CPU work (cores − 1 workers), and a
 * blocking HTTP call holds its worker for the whole wait without telling the pool (no
 * {@code ManagedBlocker}), so N requests go through in ceil(N / parallelism) waves, and everything else
 * that uses the common pool (parallel streams, other futures) starves meanwhile.
 *
 * <p>Which executor runs the tasks depends on the JDK: on JDK 17, when the common pool's parallelism is
 * below 2 (a 2-core machine), {@code CompletableFuture} starts a new thread per task instead, which hides
 * the mistake; on JDK 25 it uses the common pool, so on 2 cores the requests run one at a time.
 * This model asks {@code CompletableFuture} which executor it uses, so its concurrency, its ideal time and
 * {@link #executor()} say what really ran.
 */
public final class CommonPoolCompletableFuture implements FanOut {
    private static final Executor DEFAULT_EXECUTOR = new CompletableFuture<Void>().defaultExecutor();

    private final int n;

    public CommonPoolCompletableFuture(int n) {
        this.n = n;
    }

    @Override
    public Outcome run(CheckedFetcher fetcher) {
        @SuppressWarnings("unchecked")
        CompletableFuture<String>[] replies = new CompletableFuture[n];
        for (int i = 0; i < n; i++) {
            replies[i] = CompletableFuture.supplyAsync(fetcher::fetch);
        }
        CompletableFuture.allOf(replies).join();
        return new Outcome(Arrays.stream(replies).map(CompletableFuture::join).toList());
    }

    /** The requests in flight at once: the common pool's workers, or all of them on a thread each. */
    public static int concurrency(int n) {
        return DEFAULT_EXECUTOR instanceof ForkJoinPool pool ? Math.min(pool.getParallelism(), n) : n;
    }

    @Override
    public String executor() {
        return DEFAULT_EXECUTOR instanceof ForkJoinPool pool
                ? "ForkJoinPool.commonPool() with parallelism " + pool.getParallelism()
                : "a new thread per task (the common pool's parallelism "
                        + ForkJoinPool.getCommonPoolParallelism() + " is below 2)";
    }
}
