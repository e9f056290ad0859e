package dev.fanout.bench.workload;

import java.util.SplittableRandom;

/**
 * When the fan-outs of one service-mode window are meant to start, as offsets from the window's start: evenly
 * spaced at the rate (wrk2's and k6's constant arrival rate), or at exponentially distributed gaps of the same
 * mean (a Poisson process, how independent clients arrive). The times are fixed before anything runs, so no
 * model can move them: a model that falls behind shows as arrivals that start late, never as fewer arrivals.
 */
public final class ArrivalSchedule {
    private static final double NANOS_PER_SECOND = 1e9;

    private final double meanGapNanos;
    /** Null for even gaps. */
    private final SplittableRandom random;
    private double next;

    private ArrivalSchedule(int rate, SplittableRandom random) {
        if (rate < 1) {
            throw new IllegalArgumentException("arrivals need a rate of at least 1 a second, got " + rate);
        }
        this.meanGapNanos = NANOS_PER_SECOND / rate;
        this.random = random;
        this.next = random == null ? 0 : gap();
    }

    /** {@code rate} arrivals a second, the first at the window's start. */
    public static ArrivalSchedule uniform(int rate) {
        return new ArrivalSchedule(rate, null);
    }

    /** {@code rate} arrivals a second on average, at independent exponential gaps drawn from {@code seed}. */
    public static ArrivalSchedule poisson(int rate, long seed) {
        return new ArrivalSchedule(rate, new SplittableRandom(seed));
    }

    /** The next arrival's intended start, ns after the window's start; never earlier than the one before. */
    public long next() {
        long offset = Math.round(next);
        next += random == null ? meanGapNanos : gap();
        return offset;
    }

    private double gap() {
        // 1 - u lies in (0, 1], so the logarithm is finite.
        return -Math.log(1 - random.nextDouble()) * meanGapNanos;
    }
}
