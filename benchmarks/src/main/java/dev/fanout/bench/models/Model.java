package dev.fanout.bench.models;

/**
 * The concurrency models under study, by the names results use. Constants are lower case because they
 * are the names a reader sees in every table, CSV and chart, and JMH takes an enum parameter by its name.
 */
public enum Model {
    /** One request after another: N × L. */
    sequential,
    /** A new platform thread per request: L. */
    platform_threads,
    /** A new virtual thread per request: L. */
    virtual_threads,
    /** A new virtual thread per request, pinned to its carrier while it waits: L × ceil(N / (carriers − 1)). */
    virtual_threads_pinned,
    /**
     * {@code supplyAsync} on the default executor: L × ceil(N / common-pool parallelism), or L on a JDK
     * (17, for one) that falls back to a thread per task when that parallelism is below 2.
     */
    completable_future,
    /** OkHttp {@code enqueue} bridged to {@code CompletableFuture}: L. */
    completable_future_async,
    /** A fixed pool of k platform threads: L × ceil(N / k). */
    fixed_pool;

    /** Whether this model runs requests on virtual threads, the only ones that can be pinned. */
    public boolean usesVirtualThreads() {
        return this == virtual_threads || this == virtual_threads_pinned;
    }

    /** Whether {@code k} (the pool size) means anything to this model. */
    public boolean usesPoolSize() {
        return this == fixed_pool;
    }

    /**
     * The most requests this model has in flight during a fetch of {@code n}: the k of the ideal time.
     *
     * @param poolSize k, the threads of {@link #fixed_pool}; ignored by the other models
     */
    public int concurrency(int n, int poolSize) {
        return switch (this) {
            case sequential -> 1;
            case fixed_pool -> Math.min(poolSize, n);
            case completable_future -> CommonPoolCompletableFuture.concurrency(n);
            case virtual_threads_pinned -> Math.min(PinnedVirtualThreadPerRequest.PINNED_AT_ONCE, n);
            case platform_threads, virtual_threads, completable_future_async -> n;
        };
    }

    /**
     * @param poolSize k, the threads of {@link #fixed_pool}; ignored by the other models
     */
    public FetchStrategy create(int poolSize) {
        return switch (this) {
            case sequential -> new Sequential();
            case platform_threads -> new PlatformThreadPerRequest();
            case virtual_threads -> new VirtualThreadPerRequest();
            case virtual_threads_pinned -> new PinnedVirtualThreadPerRequest();
            case completable_future -> new CommonPoolCompletableFuture();
            case completable_future_async -> new AsyncCompletableFuture();
            case fixed_pool -> new FixedThreadPool(poolSize);
        };
    }
}
