package dev.fanout.bench.scenarios;

import dev.fanout.bench.workload.CheckedFetcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** test1: each request awaited before the next is sent, on the caller's thread. */
final class SequentialRun implements ScenarioRun {
    private final int n;

    SequentialRun(int n) {
        this.n = n;
    }

    @Override
    public Outcome run(CheckedFetcher fetcher) {
        fetcher.resetCounters();
        List<String> replies = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            replies.add(fetcher.fetch());
        }
        return new Outcome(replies, Map.of("max_in_flight", fetcher.maxInFlight()));
    }

    @Override
    public String executor() {
        return "the benchmark thread, one request after another";
    }

    @Override
    public void close() {
    }
}
