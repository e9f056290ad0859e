package dev.fanout.bench.models;

import dev.fanout.bench.workload.CheckedFetcher;
import java.util.ArrayList;
import java.util.List;

/** The article's test1: one request after another on the calling thread. The baseline: N × L. */
final class Sequential implements FetchStrategy {
    @Override
    public List<String> fetchAll(CheckedFetcher fetcher, int n) {
        List<String> replies = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            replies.add(fetcher.fetch());
        }
        return replies;
    }

    @Override
    public String executor() {
        return "the calling thread";
    }
}
