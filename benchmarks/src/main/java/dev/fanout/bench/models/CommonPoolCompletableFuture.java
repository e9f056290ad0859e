package dev.fanout.bench.models;

import dev.fanout.bench.clients.Client;
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
 * <p>Unless the client's blocking call does tell the pool ({@link Client#blockingGetIsManaged()}): the JDK's
 * {@code HttpClient.send} waits in {@code CompletableFuture.get}, a managed block, and the pool starts a spare
 * worker for each one blocked, up to its maximum of spares (256 by default), so the requests overlap at the
 * price of a thread each.
 *
 * <p>Which executor runs the tasks depends on the JDK: on JDK 17, when the common pool's parallelism is
 * below 2 (a 2-core machine), {@code CompletableFuture} starts a new thread per task instead, which hides
 * the mistake; on JDK 25 it uses the common pool, so on 2 cores the requests run one at a time.
 * This model asks {@code CompletableFuture} which executor it uses, so its concurrency, its ideal time and
 * {@link #executor()} say what really ran.
 */
public final class CommonPoolCompletableFuture implements FanOut {
    private static final Executor DEFAULT_EXECUTOR = new CompletableFuture<Void>().defaultExecutor();
    /** The common pool's limit on spare workers, as {@link ForkJoinPool} documents and reads it. */
    private static final int MAX_SPARES =
            Integer.getInteger("java.util.concurrent.ForkJoinPool.common.maximumSpares", 256);

    private final int n;
    private final boolean managedBlocking;

    /**
     * @param managedBlocking whether the client's blocking call is a managed block
     *                        ({@link Client#blockingGetIsManaged()})
     */
    public CommonPoolCompletableFuture(int n, boolean managedBlocking) {
        this.n = n;
        this.managedBlocking = managedBlocking;
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

    /**
     * The requests in flight at once: the common pool's workers, with its spares when the client's blocking call is
     * a managed block, or all of them on a thread each.
     */
    public static int concurrency(int n, boolean managedBlocking) {
        if (!(DEFAULT_EXECUTOR instanceof ForkJoinPool pool)) {
            return n;
        }
        return Math.min(pool.getParallelism() + (managedBlocking ? MAX_SPARES : 0), n);
    }

    @Override
    public String executor() {
        if (!(DEFAULT_EXECUTOR instanceof ForkJoinPool pool)) {
            return "a new thread per task (the common pool's parallelism " + ForkJoinPool.getCommonPoolParallelism()
                    + " is below 2)";
        }
        return "ForkJoinPool.commonPool() with parallelism " + pool.getParallelism()
                + (managedBlocking ? ", and a spare worker per blocked call, up to " + MAX_SPARES : "");
    }
}
