package dev.fanout.bench.models;

import dev.fanout.bench.workload.CheckedFetcher;
import dev.fanout.bench.workload.FanOut;
import dev.fanout.bench.workload.Outcome;
import java.util.ArrayList;
import java.util.List;

/** The article's test1: one request after another on the calling thread. The baseline: N × L. */
public final class Sequential implements FanOut {
    private final int n;

    public Sequential(int n) {
        this.n = n;
    }

    @Override
    public Outcome run(CheckedFetcher fetcher) {
        List<String> replies = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            replies.add(fetcher.fetch());
        }
        return new Outcome(replies);
    }

    @Override
    public String executor() {
        return "the calling thread";
    }
}
