package dev.fanout.bench.cli;

import java.time.Duration;

/**
 * How long JMH measures one trial. An op that outlasts an iteration still runs whole (JMH ends an
 * iteration only between ops), so for slow ops the iteration time is set to almost nothing and the
 * counts become counts of ops.
 */
record IterationPlan(int forks, int warmupIterations, Duration warmupTime, int measurementIterations,
                     Duration measurementTime) {
    /** Ops slower than this are measured one op an iteration. */
    static final double SLOW_OP_MS = 1_000;
    /**
     * Ops slower than this get no warm-up op (the connection warm-up has already run the client's code
     * N times) and at most two measured ones: at 5 s and more an op varies by a few tenths of a percent.
     */
    static final double VERY_SLOW_OP_MS = 5_000;
    /** Ops slower than this are measured once. */
    static final double LONGEST_OP_MS = 20_000;
    private static final Duration ONE_OP = Duration.ofMillis(1);
    /**
     * A training fork's ({@link JmhTrialRunner}): the fixture's own warm-up, which runs the code until the compilers are
     * quiet, then one op, its result not kept. JMH measures at least one iteration.
     */
    static final IterationPlan TRAINING = new IterationPlan(1, 0, ONE_OP, 1, ONE_OP);

    /** This plan adjusted for ops of about {@code opMs} each. */
    IterationPlan forOpsOf(double opMs) {
        if (opMs > LONGEST_OP_MS) {
            return new IterationPlan(forks, 0, ONE_OP, 1, ONE_OP);
        }
        if (opMs > VERY_SLOW_OP_MS) {
            return new IterationPlan(forks, 0, ONE_OP, Math.min(measurementIterations, 2), ONE_OP);
        }
        if (opMs > SLOW_OP_MS) {
            return new IterationPlan(forks, Math.min(warmupIterations, 1), ONE_OP, measurementIterations, ONE_OP);
        }
        return this;
    }

    /**
     * At most how long JMH takes for a trial with ops of {@code opMs}, fork start-up included: an iteration
     * ends with the first op that finishes after its time is up.
     */
    Duration estimate(double opMs, Duration forkOverhead) {
        double perFork = forkOverhead.toMillis()
                + warmupIterations * (warmupTime.toMillis() + opMs)
                + measurementIterations * (measurementTime.toMillis() + opMs);
        return Duration.ofMillis(Math.round(forks * perFork));
    }
}
