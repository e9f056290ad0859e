package dev.fanout.bench.scenarios;

import dev.fanout.bench.workload.ClaimFailedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting on tasks whose failures were already counted where they happened. */
final class Tasks {
    private Tasks() {
    }

    /** Each task's result in submission order, waiting for each in turn. */
    static <T> List<T> results(List<? extends Future<T>> tasks) throws InterruptedException {
        List<T> results = new ArrayList<>(tasks.size());
        for (Future<T> task : tasks) {
            results.add(result(task));
        }
        return results;
    }

    static <T> T result(Future<T> task) throws InterruptedException {
        try {
            return task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ClaimFailedException claim) {
                throw claim;
            }
            throw new IllegalStateException("a task escaped its failure count", e.getCause());
        }
    }

    static double millisSince(long startNanos, long nanos) {
        return Math.round((nanos - startNanos) / 1e3) / 1e3;
    }
}
