package dev.fanout.bench.compare;

/**
 * One service-mode sweep's knee on both sides: the highest rate of fan-outs a second that held its response-time
 * limit (higher is better). A sweep gives one knee a run, so there is no test: the knee moves in whole steps of its
 * sweep, and any step down is worse, any step up better.
 *
 * @param sweep    the knee row's {@code trial}: the sweep in words
 * @param baseline the baseline's knee, null when no step held there
 * @param current  the current knee, null when no step held
 */
public record KneeComparison(String sweep, Integer baseline, Integer current) {

    public Verdict verdict() {
        int before = baseline == null ? 0 : baseline;
        int now = current == null ? 0 : current;
        return now < before ? Verdict.WORSE : now > before ? Verdict.BETTER : Verdict.SAME;
    }

    /** The change in percent of the baseline's knee, NaN when the baseline had none. */
    public double changePercent() {
        return baseline == null || baseline == 0 ? Double.NaN
                : ((current == null ? 0 : current) - baseline) * 100.0 / baseline;
    }
}
