package dev.fanout.bench.scenarios;

import dev.fanout.bench.workload.CheckedFetcher;
import dev.fanout.bench.workload.FanOut;
import dev.fanout.bench.workload.Outcome;
import java.util.Collections;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;

/**
 * test5 and test8: every request started at once on its own virtual thread, each under a guard (a lock, or
 * a semaphore of k) that lets at most that many of them be in flight. The benchmark checks the guard's
 * promise on the client's own in-flight count after every op, and on the server's.
 */
public final class GuardedRun implements FanOut {
    private final int n;
    private final Guard guard;
    private final String guardName;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    private GuardedRun(int n, Guard guard, String guardName) {
        this.n = n;
        this.guard = guard;
        this.guardName = guardName;
    }

    /** test5: every request under one lock, one at a time. */
    public static GuardedRun underLock(int n) {
        return new GuardedRun(n, Guard.of(new ReentrantLock()), "one ReentrantLock");
    }

    /** test8: every request under one semaphore of {@code permits}. */
    public static GuardedRun underSemaphore(int n, int permits) {
        return new GuardedRun(n, Guard.of(new Semaphore(permits)), "one Semaphore(" + permits + ")");
    }

    @Override
    public Outcome run(CheckedFetcher fetcher) throws InterruptedException {
        Callable<String> guarded = () -> {
            guard.enter();
            try {
                return fetcher.fetch();
            } finally {
                guard.exit();
            }
        };
        return new Outcome(Tasks.results(executor.invokeAll(Collections.nCopies(n, guarded))));
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
