package dev.fanout.bench.recording;

import java.util.List;

/**
 * What JMH (or, for the asyncio row, its runner) measured of a trial besides what the forks recorded themselves: the
 * mean op time and footprint over every fork, and each fork's own, with each of its measured iterations'.
 *
 * @param meanMs    the mean op time over every fork, or null when there is none (the trial failed)
 * @param footprint the footprint profiler's figures over every fork, {@link Footprint#NONE} when it did not run
 * @param forks     each fork's scores in the order the forks ran; a fork that failed has none
 */
public record TrialScores(Double meanMs, Footprint footprint, List<Fork> forks) {
    public static final TrialScores NOTHING = new TrialScores(null, Footprint.NONE, List.of());

    /** One fork's mean op time and footprint, and each measured iteration's. */
    public record Fork(Double meanMs, Footprint footprint, List<Iteration> iterations) {
    }

    /** One measured iteration's mean op time and footprint. */
    public record Iteration(Double meanMs, Footprint footprint) {
    }
}
