package dev.fanout.bench.compare;

/**
 * One service-mode sweep's knee on both sides: the highest rate of fan-outs a second that held its response-time
 * limit (higher is better). A sweep gives one knee a run, so there is no test: the knee moves in whole steps of its
 * sweep, and any step down reads as worse, any step up as better. It informs and never fails a comparison: two
 * runs of one build here moved knees by up to two doubling steps (docs/service.md), so one sweep a side cannot
 * tell a regression from the machine.
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

    /** The verdict in the knee's own words: {@code lower}, {@code higher} or {@code ~}. */
    public String direction() {
        return switch (verdict()) {
            case WORSE -> "lower";
            case BETTER -> "higher";
            default -> Verdict.SAME.symbol();
        };
    }

    /** The change in percent of the baseline's knee, NaN when the baseline had none. */
    public double changePercent() {
        return baseline == null || baseline == 0 ? Double.NaN
                : ((current == null ? 0 : current) - baseline) * 100.0 / baseline;
    }
}
