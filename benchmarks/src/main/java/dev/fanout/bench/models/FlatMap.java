package dev.fanout.bench.models;

import dev.fanout.bench.workload.CheckedFetcher;
import dev.fanout.bench.workload.FanOut;
import dev.fanout.bench.workload.Outcome;

/**
 * The client's own fan-out operator, as its users write a fan-out: for reactor-netty, what Spring WebFlux code
 * does when it needs the replies in order, {@code Flux.range(0, n).flatMapSequential(i -> get(), n).collectList()}.
 * Its operator's own bookkeeping at large N is part of what it costs, which is why it is a model of its own rather
 * than the client's async call.
 */
public final class FlatMap implements FanOut {
    private final int n;

    public FlatMap(int n) {
        this.n = n;
    }

    @Override
    public Outcome run(CheckedFetcher fetcher) {
        return new Outcome(fetcher.flatMap(n).join());
    }

    @Override
    public String executor() {
        return "the client's own fan-out operator (Flux.flatMapSequential) over its non-blocking calls";
    }
}
