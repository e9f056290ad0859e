package dev.fanout.bench.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The trials a run will make, in order, and the ones a profile leaves out with the reason: a trial whose
 * single op would outlast the profile's budget is named, never silently dropped.
 */
record Plan(List<Trial> trials, List<String> skipped, boolean footprint) {
    /** JVM start, JMH set-up, connection warm-up, the launcher's server checks: about 1.5 s a fork on 2 cores. */
    static final Duration FORK_OVERHEAD = Duration.ofMillis(2_000);
    /** Starting and closing the footprint profiler's JFR stream: about 0.8 s an iteration on 2 cores. */
    static final Duration PINNING_COST_PER_ITERATION = Duration.ofMillis(800);

    Duration estimate() {
        return trials.stream().map(this::estimate).reduce(Duration.ZERO, Duration::plus);
    }

    /** Whether the footprint profiler counts pinned virtual threads in {@code trial}. */
    boolean countsPinning(Trial trial) {
        return footprint && trial.countsPinning();
    }

    private Duration estimate(Trial trial) {
        IterationPlan it = trial.iterations();
        Duration jmh = it.estimate(trial.idealMs(), FORK_OVERHEAD);
        return countsPinning(trial)
                ? jmh.plus(PINNING_COST_PER_ITERATION.multipliedBy((long) it.forks()
                        * (it.warmupIterations() + it.measurementIterations())))
                : jmh;
    }

    /**
     * The trials of {@code profile} as the user's JMH arguments change them. The profile's limit on one op
     * holds only when the user set no {@code -p}: a trial asked for by name runs however long it takes.
     */
    static Plan of(Profile profile, JmhArguments jmh, int cores, SystemLimits limits, boolean footprint) {
        Set<String> known = new TreeSet<>();
        profile.grids().forEach(grid -> known.addAll(grid.params()));
        Set<String> unknown = new LinkedHashSet<>(jmh.paramNames());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown param " + unknown + "; -p takes " + known);
        }
        double maxOpMs = jmh.paramNames().isEmpty() ? profile.maxOpMs() : Double.POSITIVE_INFINITY;
        Builder plan = new Builder(jmh, maxOpMs, limits, footprint && profile.measuresFootprint());
        for (TrialGrid grid : profile.grids()) {
            grid.overriddenBy(jmh).addTo(plan, profile.iterations(), cores);
        }
        return plan.build();
    }

    static final class Builder {
        private final List<Trial> trials = new ArrayList<>();
        private final List<String> skipped = new ArrayList<>();
        private final JmhArguments jmh;
        private final double maxOpMs;
        private final SystemLimits limits;
        private final boolean footprint;

        Builder(JmhArguments jmh, double maxOpMs, SystemLimits limits, boolean footprint) {
            this.jmh = jmh;
            this.maxOpMs = maxOpMs;
            this.limits = limits;
            this.footprint = footprint;
        }

        void add(Trial planned) {
            if (!jmh.selects(planned.benchmark())) {
                return;
            }
            Trial trial = new Trial(planned.benchmark(), planned.params(), planned.idealMs(),
                    jmh.override(planned.iterations()));
            if (trials.stream().anyMatch(t -> t.benchmark().equals(trial.benchmark()) && t.params().equals(trial.params()))) {
                return;
            }
            String shortfall = limits.shortfall(Integer.parseInt(trial.params().getOrDefault("n", "1")));
            if (shortfall != null) {
                skipped.add(trial.label() + ": this machine " + shortfall);
            } else if (trial.idealMs() > maxOpMs) {
                skipped.add(trial.label() + ": one op takes at least " + Format.millis(trial.idealMs())
                        + ", more than this profile's " + Format.millis(maxOpMs) + " per op; run it alone with -p");
            } else {
                trials.add(trial);
            }
        }

        Plan build() {
            return new Plan(List.copyOf(trials), List.copyOf(skipped), footprint);
        }
    }
}
