package dev.fanout.bench.cli;

import java.util.Set;

/** A family of trials of one benchmark class that a profile runs: every combination of its param values. */
interface TrialGrid {
    /** The JMH params of the benchmark, which {@code -p} may set. */
    Set<String> params();

    /** This grid with the values the user gave to {@code -p} in place of the profile's. */
    TrialGrid overriddenBy(JmhArguments jmh);

    /** Adds this grid's trials to {@code plan}, with {@code iterations} adjusted to each trial's op time. */
    void addTo(Plan.Builder plan, IterationPlan iterations, int cores);
}
