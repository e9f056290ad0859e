package dev.fanout.bench.scenarios;

import dev.fanout.bench.workload.CheckedFetcher;
import dev.fanout.bench.workload.FanOut;
import dev.fanout.bench.workload.Outcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * test2, the anti-pattern: fire every request, then sleep a fixed time by hand instead of joining them. A
 * sleep long enough wastes {@code sleep − L}; one too short stops waiting while requests still run. Those
 * are cancelled, as the article's closing session cancels them, and reported as lost: never hidden.
 */
public final class FireAndForgetRun implements FanOut {
    private final int n;
    private final long sleepMs;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    public FireAndForgetRun(int n, long sleepMs) {
        this.n = n;
        this.sleepMs = sleepMs;
    }

    @Override
    public Outcome run(CheckedFetcher fetcher) throws InterruptedException {
        AtomicLongArray doneAt = new AtomicLongArray(n);
        long start = System.nanoTime();
        List<Future<String>> fired = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int index = i;
            fired.add(executor.submit(() -> {
                String reply = fetcher.fetch();
                doneAt.set(index, System.nanoTime());
                return reply;
            }));
        }
        Thread.sleep(sleepMs);
        int stillRunning = (int) fired.stream().filter(f -> !f.isDone()).count();
        long lastDone = 0;
        for (int i = 0; i < n; i++) {
            lastDone = Math.max(lastDone, doneAt.get(i));
        }
        if (stillRunning > 0) {
            fetcher.cancelAll();
        }
        List<String> replies = Tasks.results(fired);
        Map<String, Object> observed = new LinkedHashMap<>();
        observed.put("sleep_ms", sleepMs);
        observed.put("still_running_after_sleep", stillRunning);
        if (stillRunning == 0) {
            double lastResponseMs = Tasks.millisSince(start, lastDone);
            observed.put("last_response_ms", lastResponseMs);
            observed.put("wasted_ms", Math.round((sleepMs - lastResponseMs) * 1e3) / 1e3);
        }
        return new Outcome(replies, stillRunning, observed);
    }

    @Override
    public String executor() {
        return "a virtual thread per request, then a " + sleepMs + " ms sleep";
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
