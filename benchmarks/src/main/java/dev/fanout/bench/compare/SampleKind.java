package dev.fanout.bench.compare;

import java.util.Arrays;

/**
 * What one Mann-Whitney sample is. Iterations inside one JVM share its JIT decisions, heap layout and
 * timer luck, so they are not independent draws: a fork's mean is the honest sample. With fewer than
 * {@link #MIN_FORKS_PER_FORK} forks there are too few of those to test anything, so iterations stand in,
 * and the report says so.
 */
public enum SampleKind {
    PER_FORK("per fork"),
    PER_ITERATION("per iteration");

    public static final int MIN_FORKS_PER_FORK = 4;

    private final String label;

    SampleKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Both sides must be sampled alike, or the test would compare fork means with single iterations. */
    static SampleKind choose(BenchmarkRun baseline, BenchmarkRun current) {
        return forks(baseline) >= MIN_FORKS_PER_FORK && forks(current) >= MIN_FORKS_PER_FORK ? PER_FORK : PER_ITERATION;
    }

    /** The run's samples in {@code unit}. */
    double[] samples(BenchmarkRun run, ScoreUnit unit) {
        return run.forks().stream()
                .filter(fork -> fork.length > 0)
                .flatMapToDouble(fork -> this == PER_FORK ? Arrays.stream(fork).average().stream() : Arrays.stream(fork))
                .map(v -> run.unit().convert(v, unit))
                .toArray();
    }

    private static long forks(BenchmarkRun run) {
        return run.forks().stream().filter(fork -> fork.length > 0).count();
    }
}
