package dev.fanout.bench.compare;

import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.descriptive.rank.Median;

/**
 * One benchmark judged: its samples on both sides and the verdict.
 *
 * @param unit           the baseline's unit; current samples were converted into it
 * @param basis          what the samples were divided by to be judged ({@link Basis}), null when judged raw
 * @param baselineRatio  the samples on that basis (sample / ideal_ms or bound_ms), null when judged raw
 * @param changePercent  median change of the judged metric: the ratio when known, else the raw score
 * @param p              two-sided Mann-Whitney U p-value of the judged metric, NaN when untestable
 * @param pAdjusted      {@code p} after Holm's correction across the suite
 * @param detectableSlowdownPercent the smallest slowdown this data could have shown, in percent, NaN when none
 *                       ({@link RegressionRule#detectableSlowdownPercent})
 */
public record Comparison(BenchmarkKey key, String label, ScoreUnit unit, SampleKind sampleKind,
                         double[] baseline, double[] current, Basis basis, double[] baselineRatio, double[] currentRatio,
                         double changePercent, double p, double pAdjusted, Verdict verdict,
                         double detectableSlowdownPercent) {

    /** This comparison once the whole suite's p-values are known. */
    Comparison judged(double holmAdjustedP, Verdict judgement, double detectable) {
        return new Comparison(key, label, unit, sampleKind, baseline, current, basis, baselineRatio, currentRatio,
                changePercent, p, holmAdjustedP, judgement, detectable);
    }

    public boolean judgedOnRatio() {
        return basis != null;
    }

    public double baselineMedian() {
        return median(baseline);
    }

    public double currentMedian() {
        return median(current);
    }

    public double baselineRatioMedian() {
        return judgedOnRatio() ? median(baselineRatio) : Double.NaN;
    }

    public double currentRatioMedian() {
        return judgedOnRatio() ? median(currentRatio) : Double.NaN;
    }

    public double currentMin() {
        return current.length == 0 ? Double.NaN : StatUtils.min(current);
    }

    public double currentMax() {
        return current.length == 0 ? Double.NaN : StatUtils.max(current);
    }

    static double median(double[] values) {
        return values.length == 0 ? Double.NaN : new Median().evaluate(values);
    }
}
