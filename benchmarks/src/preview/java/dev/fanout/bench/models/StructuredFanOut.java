package dev.fanout.bench.models;

import dev.fanout.bench.workload.CheckedFetcher;
import dev.fanout.bench.workload.FanOut;
import dev.fanout.bench.workload.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.StructuredTaskScope.Joiner;
import java.util.concurrent.StructuredTaskScope.Subtask;

/**
 * Structured concurrency, JDK 25's {@code StructuredTaskScope} (JEP 505, a preview): each request a subtask of one
 * scope, forked on a virtual thread of its own, joined as a unit. Its default joiner waits for every subtask to
 * succeed; the first that fails cancels the rest (their threads are interrupted) and {@code join} throws, and so
 * does a deadline that passes first. So unlike a virtual-thread-per-task executor, a fan-out with one failed
 * request ends when that request fails, not when the slowest one answers, and leaves no request running.
 *
 * <p>Compiled with {@code --enable-preview} for JDK 25 alone (the API changes from one preview to the next) and
 * loaded only by name, so the rest of the harness runs on any JDK from 21; the forks that run it start with
 * {@code --enable-preview}.
 */
public final class StructuredFanOut implements FanOut {
    private final int n;
    private final Duration deadline;

    /** @param deadlineMs the scope's timeout, ms; 0 for none */
    public StructuredFanOut(int n, long deadlineMs) {
        this.n = n;
        this.deadline = deadlineMs > 0 ? Duration.ofMillis(deadlineMs) : null;
    }

    @Override
    public Outcome run(CheckedFetcher fetcher) throws InterruptedException {
        List<Subtask<String>> subtasks = new ArrayList<>(n);
        Map<String, Object> observed = new LinkedHashMap<>();
        long start = System.nanoTime();
        try (var scope = StructuredTaskScope.open(Joiner.<String>awaitAllSuccessfulOrThrow(),
                config -> deadline == null ? config : config.withTimeout(deadline))) {
            for (int i = 0; i < n; i++) {
                subtasks.add(scope.fork(fetcher::fetchOrThrow));
            }
            try {
                scope.join();
            } catch (StructuredTaskScope.FailedException failed) {
                observed.put("ended_by", "a failed request: " + failed.getCause().getMessage());
            } catch (StructuredTaskScope.TimeoutException timedOut) {
                observed.put("ended_by", "its deadline of " + deadline.toMillis() + " ms");
            }
            observed.put("joined_ms", (System.nanoTime() - start) / 1e6);
        }
        // Closing the scope waited for every cancelled subtask's thread to end.
        observed.put("closed_ms", (System.nanoTime() - start) / 1e6);
        int cancelled = (int) subtasks.stream().filter(s -> s.state() == Subtask.State.UNAVAILABLE).count();
        observed.put("cancelled", cancelled);
        List<String> replies = subtasks.stream().map(s -> s.state() == Subtask.State.SUCCESS ? s.get() : null).toList();
        return new Outcome(replies, cancelled, observed);
    }

    @Override
    public String executor() {
        return "a StructuredTaskScope: a virtual thread per request, joined as one"
                + (deadline == null ? "" : ", cancelled at " + deadline.toMillis() + " ms");
    }
}
