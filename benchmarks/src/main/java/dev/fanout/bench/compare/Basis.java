package dev.fanout.bench.compare;

/**
 * What a fan-out's samples are divided by before they are judged. On one machine, its ideal (L x ceil(N / k)), the
 * same on both sides, so the ratio moves as the time does. Across machines that differ, each run's own tight bound
 * (summary.csv's {@code bound_ms}, from that run's own CPU figures): the milliseconds belong to the machine, the ratio
 * to the bound nearly does not (two machines of one kind moved the milliseconds by a median of 24% and the ratios by
 * 5%).
 */
public enum Basis {
    IDEAL("ratio_to_ideal", "x ideal"),
    BOUND("ratio_to_bound", "x bound");

    private final String column;
    private final String suffix;

    Basis(String column, String suffix) {
        this.column = column;
        this.suffix = suffix;
    }

    /** The summary.csv column a ratio on this basis is. */
    public String column() {
        return column;
    }

    /** How a ratio on this basis reads beside a figure: {@code x ideal}. */
    public String suffix() {
        return suffix;
    }

    /** The run's divisor on this basis, ms, NaN when unknown. */
    double of(BenchmarkRun run) {
        return this == IDEAL ? run.idealMs() : run.boundMs();
    }

    /** Whether the run can be judged on this basis: a time per op with its divisor known. */
    boolean knows(BenchmarkRun run) {
        double divisor = of(run);
        return !Double.isNaN(divisor) && divisor > 0 && run.unit().isTimePerOp();
    }
}
