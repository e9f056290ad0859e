package dev.fanout.bench.models;

import dev.fanout.bench.workload.CheckedFetcher;
import dev.fanout.bench.workload.FanOut;
import dev.fanout.bench.workload.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * {@link VirtualThreadPerRequest}, with each blocking request made while its virtual thread is pinned to
 * its carrier ({@link Pinning#pinnedCall}): what pinning does to a fan-out, and the case the footprint
 * profiler's {@code pinned.events} must catch. A pinned virtual thread that waits keeps its carrier, so the
 * virtual threads behave like a pool of carrier threads.
 *
 * <p>One carrier is kept free. On JDK 25 the sockets' read pollers are themselves virtual threads, so when
 * every carrier is pinned by a request waiting for its response, no poller can run to wake any of them:
 * the whole fan-out stalls until the requests time out (measured here: 9 of 10 requests timed out with
 * 2 carriers). Pinning at most carriers − 1 requests at once shows the cost without the stall.
 */
public final class PinnedVirtualThreadPerRequest implements FanOut {
    /** Requests pinned at once: every carrier but one. */
    public static final int PINNED_AT_ONCE = Math.max(1, Pinning.virtualThreadSchedulerParallelism() - 1);

    private final Semaphore pinned = new Semaphore(PINNED_AT_ONCE);
    private final int n;

    public PinnedVirtualThreadPerRequest(int n) {
        this.n = n;
    }

    @Override
    public Outcome run(CheckedFetcher fetcher) {
        List<Future<String>> futures = new ArrayList<>(n);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                futures.add(executor.submit(() -> {
                    pinned.acquire();
                    try {
                        return Pinning.pinnedCall(fetcher::fetch);
                    } finally {
                        pinned.release();
                    }
                }));
            }
        }
        return new Outcome(futures.stream().map(Future::resultNow).toList());
    }

    @Override
    public String executor() {
        return "a new virtual thread per request, pinned while it waits, " + PINNED_AT_ONCE + " at once (of "
                + Pinning.virtualThreadSchedulerParallelism() + " carriers)";
    }
}
