package dev.fanout.bench.compare;

import org.apache.commons.math3.stat.inference.MannWhitneyUTest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The gate: a benchmark is worse only when the Mann-Whitney U test, Holm-corrected across the suite, gives
 * p &lt; alpha AND its median moved the wrong way by at least the threshold. Significance alone flags tiny
 * real shifts that nobody cares about (and, with per-iteration samples, shifts that are only fork-to-fork
 * luck); the threshold alone flags noise. Requiring both is what keeps a noisy runner quiet.
 *
 * <p>commons-math3 3.6.1's {@code mannWhitneyUTest} always uses the normal approximation (no exact
 * distribution, no continuity or tie correction), which is optimistic for tiny samples. The rule therefore
 * asks first whether the samples could ever be significant: if even complete separation of the two sides,
 * put through the same test and the suite's Holm factor, cannot get below alpha, the verdict is
 * {@link Verdict#INSUFFICIENT} and never fails the run.
 *
 * <p>So that "no regression" never reads as "no change", each row also says the smallest slowdown its data could
 * have shown ({@link #detectableSlowdownPercent}): the current side's samples, moved to the baseline's median and
 * then slowed by that much, would be judged worse.
 */
public record RegressionRule(double alpha, double thresholdPercent) {

    /**
     * One benchmark on both sides, and what a fan-out's samples are divided by before they are judged: its ideal, or
     * each run's own tight bound where the machines differ ({@link MachineComparison}).
     */
    public record Pair(BenchmarkRun baseline, BenchmarkRun current, Basis basis) {
    }

    /** The largest slowdown {@link #detectableSlowdownPercent} looks for, in percent. */
    static final double LARGEST_SLOWDOWN_SEARCHED = 500;
    private static final double SLOWDOWN_STEP = 0.5;

    public List<Comparison> judge(List<Pair> pairs) throws InputException {
        MannWhitneyUTest test = new MannWhitneyUTest();
        List<Comparison> measured = new ArrayList<>();
        for (Pair pair : pairs) {
            measured.add(measure(pair, test));
        }
        double[] adjusted = Holm.adjust(measured.stream().mapToDouble(Comparison::p).toArray());
        int m = measured.size();
        return IntStream.range(0, m).mapToObj(i -> {
            Comparison c = measured.get(i);
            Verdict verdict = verdict(c, adjusted[i], m, test);
            // Samples too few to ever be significant can show no slowdown at all.
            double detectable = verdict == Verdict.INSUFFICIENT ? Double.NaN : detectableSlowdownPercent(c, m, test);
            return c.judged(adjusted[i], verdict, detectable);
        }).toList();
    }

    /** The comparison before Holm: p-value and change, no verdict yet. */
    private Comparison measure(Pair pair, MannWhitneyUTest test) throws InputException {
        BenchmarkRun base = pair.baseline();
        BenchmarkRun cur = pair.current();
        ScoreUnit unit = base.unit();
        if (!cur.unit().convertibleTo(unit)) {
            throw new InputException(base.key().qualifiedName() + ": baseline is in " + unit.text()
                    + " but current in " + cur.unit().text());
        }
        SampleKind kind = SampleKind.choose(base, cur);
        double[] baseSamples = kind.samples(base, unit);
        double[] curSamples = kind.samples(cur, unit);
        Basis basis = pair.basis().knows(base) && pair.basis().knows(cur) ? pair.basis() : null;
        double[] baseRatio = null;
        double[] curRatio = null;
        if (basis != null) {
            baseRatio = ratios(kind.samples(base, ScoreUnit.MS_PER_OP), basis.of(base));
            curRatio = ratios(kind.samples(cur, ScoreUnit.MS_PER_OP), basis.of(cur));
        }
        double[] judgedBase = baseRatio != null ? baseRatio : baseSamples;
        double[] judgedCur = curRatio != null ? curRatio : curSamples;
        double baseMedian = Comparison.median(judgedBase);
        double change = (Comparison.median(judgedCur) - baseMedian) / baseMedian * 100;
        double p = judgedBase.length == 0 || judgedCur.length == 0
                ? Double.NaN
                : test.mannWhitneyUTest(judgedBase, judgedCur);
        return new Comparison(base.key(), base.label(), unit, kind, baseSamples, curSamples, basis, baseRatio, curRatio,
                change, p, Double.NaN, null, Double.NaN);
    }

    private Verdict verdict(Comparison c, double pAdjusted, int m, MannWhitneyUTest test) {
        if (Double.isNaN(c.p()) || m * smallestP(c.baseline().length, c.current().length, test) >= alpha) {
            return Verdict.INSUFFICIENT;
        }
        if (pAdjusted >= alpha || Double.isNaN(c.changePercent())) {
            return Verdict.SAME;
        }
        double worsening = c.unit().smallerIsBetter() ? c.changePercent() : -c.changePercent();
        if (worsening >= thresholdPercent) {
            return Verdict.WORSE;
        }
        return -worsening >= thresholdPercent ? Verdict.BETTER : Verdict.SAME;
    }

    /**
     * The smallest slowdown, in percent (a step of {@value #SLOWDOWN_STEP}), that this row's data would have been
     * judged worse for: the judged current samples scaled to the baseline's median (no change, the current run's
     * own spread), then slowed by it, against the baseline, with the p-value multiplied by the suite's size
     * (Bonferroni, never below Holm's, so a slowdown this large is flagged whatever the other rows did). NaN
     * when no slowdown up to {@value #LARGEST_SLOWDOWN_SEARCHED}% (99.5% of a throughput) would be. Asked only of
     * a row whose samples could be significant at all (not {@link Verdict#INSUFFICIENT}).
     */
    private double detectableSlowdownPercent(Comparison c, int m, MannWhitneyUTest test) {
        double[] base = c.judgedOnRatio() ? c.baselineRatio() : c.baseline();
        double[] cur = c.judgedOnRatio() ? c.currentRatio() : c.current();
        double baseMedian = Comparison.median(base);
        double curMedian = Comparison.median(cur);
        if (!(baseMedian > 0) || !(curMedian > 0)) {
            return Double.NaN;
        }
        boolean smallerIsBetter = c.unit().smallerIsBetter();
        double largest = smallerIsBetter ? LARGEST_SLOWDOWN_SEARCHED : 100 - SLOWDOWN_STEP;
        for (double slowdown = Math.max(SLOWDOWN_STEP, Math.ceil(thresholdPercent / SLOWDOWN_STEP) * SLOWDOWN_STEP);
             slowdown <= largest; slowdown += SLOWDOWN_STEP) {
            double factor = baseMedian / curMedian * (smallerIsBetter ? 1 + slowdown / 100 : 1 - slowdown / 100);
            double[] slowed = Arrays.stream(cur).map(v -> v * factor).toArray();
            if (m * test.mannWhitneyUTest(base, slowed) < alpha) {
                return slowdown;
            }
        }
        return Double.NaN;
    }

    /** The p-value of two completely separated samples of these sizes: the best this test can ever report. */
    static double smallestP(int n1, int n2, MannWhitneyUTest test) {
        double[] low = IntStream.range(0, n1).asDoubleStream().toArray();
        double[] high = IntStream.range(n1, n1 + n2).asDoubleStream().toArray();
        return test.mannWhitneyUTest(low, high);
    }

    private static double[] ratios(double[] ms, double idealMs) {
        double[] out = new double[ms.length];
        for (int i = 0; i < ms.length; i++) {
            out[i] = ms[i] / idealMs;
        }
        return out;
    }
}
