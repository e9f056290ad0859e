package dev.fanout.bench.scenarios;

import dev.fanout.bench.workload.CheckedFetcher;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * test5 and test8: every request started at once on its own virtual thread, each under a guard (a lock,
 * or a semaphore of k) that lets at most {@code limit} of them be in flight. The guard's promise is
 * checked on the client's own in-flight count; the benchmark checks the server's count too.
 */
final class GuardedRun implements ScenarioRun {
    private final String name;
    private final int n;
    private final Guard guard;
    private final int limit;
    private final String guardName;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    /**
     * @param name      the scenario, for the claim's message
     * @param guardName the guard in words, for the results
     */
    GuardedRun(String name, int n, Guard guard, int limit, String guardName) {
        this.name = name;
        this.n = n;
        this.guard = guard;
        this.limit = limit;
        this.guardName = guardName;
    }

    @Override
    public Outcome run(CheckedFetcher fetcher) throws InterruptedException {
        fetcher.resetCounters();
        Callable<String> guarded = () -> {
            guard.enter();
            try {
                return fetcher.fetch();
            } finally {
                guard.exit();
            }
        };
        List<String> replies = Tasks.results(executor.invokeAll(Collections.nCopies(n, guarded)));
        int maxInFlight = fetcher.maxInFlight();
        checkInFlight(name, maxInFlight, limit);
        return new Outcome(replies, Map.of("max_in_flight", maxInFlight, "limit", limit));
    }

    /**
     * @throws ClaimFailedException when more than {@code limit} requests were in flight at once
     */
    static void checkInFlight(String name, long maxInFlight, int limit) {
        if (maxInFlight > limit) {
            throw new ClaimFailedException(name + ": " + maxInFlight + " requests were in flight at once"
                    + ", more than the " + limit + " it allows");
        }
    }

    @Override
    public String executor() {
        return "a virtual thread per request, each under " + guardName;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
