package dev.fanout.bench.compare;

import org.apache.commons.math3.stat.inference.MannWhitneyUTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RegressionRuleTest {

    private static final RegressionRule DEFAULT = new RegressionRule(0.01, 10);

    private static BenchmarkRun run(String unit, double ideal, double[]... forks) throws InputException {
        return new BenchmarkRun(BenchmarkKey.of("x.B.m", "avgt", Map.of()), ScoreUnit.parse(unit), List.of(forks), "m", ideal,
                Double.NaN);
    }

    /** {@code forks} forks of one iteration each, values base, base*step, base*step^2 ... (deterministic spread). */
    private static double[][] forks(int forks, double base) {
        double[][] out = new double[forks][];
        for (int i = 0; i < forks; i++) {
            out[i] = new double[]{base * (1 + 0.002 * i)};
        }
        return out;
    }

    private static Comparison judgeOne(BenchmarkRun base, BenchmarkRun cur) throws InputException {
        return DEFAULT.judge(List.of(new RegressionRule.Pair(base, cur, Basis.IDEAL))).get(0);
    }

    @Test
    void usesForkMeansWithFourForksAndIterationsBelow() throws InputException {
        BenchmarkRun fourForks = run("ms/op", Double.NaN, new double[]{1, 3}, new double[]{2, 2}, new double[]{5, 7}, new double[]{4});
        BenchmarkRun threeForks = run("ms/op", Double.NaN, new double[]{1, 3}, new double[]{2, 2}, new double[]{5, 7});

        assertThat(SampleKind.choose(fourForks, fourForks)).isEqualTo(SampleKind.PER_FORK);
        assertThat(SampleKind.PER_FORK.samples(fourForks, fourForks.unit())).containsExactly(2, 2, 6, 4);
        assertThat(SampleKind.choose(fourForks, threeForks)).isEqualTo(SampleKind.PER_ITERATION);
        assertThat(SampleKind.PER_ITERATION.samples(threeForks, threeForks.unit())).containsExactly(1, 3, 2, 2, 5, 7);
    }

    @Test
    void commonsMath361UsesTheNormalApproximationEvenForTinySamples() {
        MannWhitneyUTest test = new MannWhitneyUTest();
        // Complete separation, 5 vs 5: the exact two-sided p is 2/252 = 0.0079; 3.6.1 reports the normal
        // approximation 2*Phi(-12.5/sqrt(22.9)) = 0.0090. Documented in docs/compare.md.
        assertThat(RegressionRule.smallestP(5, 5, test)).isCloseTo(0.00902, within(1e-4));
        // 4 forks a side can never reach alpha = 0.01 at all.
        assertThat(RegressionRule.smallestP(4, 4, test)).isGreaterThan(0.01);
    }

    @Test
    void timePerOpGettingBiggerIsWorseAndOpsPerTimeGettingSmallerIsWorse() throws InputException {
        Comparison slower = judgeOne(run("ms/op", Double.NaN, forks(8, 10)), run("ms/op", Double.NaN, forks(8, 13)));
        Comparison lessThroughput = judgeOne(run("ops/s", Double.NaN, forks(8, 1000)), run("ops/s", Double.NaN, forks(8, 700)));
        Comparison moreThroughput = judgeOne(run("ops/s", Double.NaN, forks(8, 1000)), run("ops/s", Double.NaN, forks(8, 1300)));

        assertThat(slower.changePercent()).isCloseTo(30, within(1e-9));
        assertThat(slower.verdict()).isEqualTo(Verdict.WORSE);
        assertThat(lessThroughput.verdict()).isEqualTo(Verdict.WORSE);
        assertThat(moreThroughput.verdict()).isEqualTo(Verdict.BETTER);
    }

    @Test
    void aSignificantShiftBelowTheThresholdIsNoChange() throws InputException {
        Comparison c = judgeOne(run("ms/op", Double.NaN, forks(8, 10)), run("ms/op", Double.NaN, forks(8, 10.5)));

        assertThat(c.pAdjusted()).isLessThan(0.01);
        assertThat(c.verdict()).isEqualTo(Verdict.SAME);
    }

    @Test
    void tooFewSamplesAreInsufficientNotWorse() throws InputException {
        Comparison c = judgeOne(run("ms/op", Double.NaN, new double[]{10, 10.1}), run("ms/op", Double.NaN, new double[]{20, 20.1}));

        assertThat(c.changePercent()).isGreaterThan(90);
        assertThat(c.verdict()).isEqualTo(Verdict.INSUFFICIENT);
    }

    @Test
    void holmFactorCanMakeASmallSuiteMemberUntestable() throws InputException {
        // 6 forks a side: best p 0.0039, fine alone, but not with 3 comparisons (3 * 0.0039 > 0.01).
        BenchmarkRun base = run("ms/op", Double.NaN, forks(6, 10));
        BenchmarkRun cur = run("ms/op", Double.NaN, forks(6, 20));
        RegressionRule.Pair pair = new RegressionRule.Pair(base, cur, Basis.IDEAL);

        assertThat(DEFAULT.judge(List.of(pair)).get(0).verdict()).isEqualTo(Verdict.WORSE);
        assertThat(DEFAULT.judge(List.of(pair, pair, pair))).extracting(Comparison::verdict).containsOnly(Verdict.INSUFFICIENT);
    }

    /**
     * On machines that differ, each side's samples over its own tight bound: a machine whose CPU is 30% slower makes
     * a CPU-bound fan-out 30% slower and its bound 30% higher, and that is no regression of the code.
     */
    @Test
    void onMachinesThatDifferAFanOutIsJudgedOnItsRatioToItsOwnBound() throws InputException {
        BenchmarkKey key = BenchmarkKey.of("x.B.m", "avgt", Map.of());
        BenchmarkRun fast = new BenchmarkRun(key, ScoreUnit.parse("ms/op"), List.of(forks(8, 500)), "m", 100, 400);
        BenchmarkRun slowMachine = new BenchmarkRun(key, ScoreUnit.parse("ms/op"), List.of(forks(8, 650)), "m", 100, 520);

        Comparison onIdeal = DEFAULT.judge(List.of(new RegressionRule.Pair(fast, slowMachine, Basis.IDEAL))).get(0);
        Comparison onBound = DEFAULT.judge(List.of(new RegressionRule.Pair(fast, slowMachine, Basis.BOUND))).get(0);

        assertThat(onIdeal.verdict()).isEqualTo(Verdict.WORSE);
        assertThat(onBound.basis()).isEqualTo(Basis.BOUND);
        assertThat(onBound.baselineRatioMedian()).isCloseTo(1.25, within(0.01));
        assertThat(onBound.changePercent()).isCloseTo(0, within(0.5));
        assertThat(onBound.verdict()).isEqualTo(Verdict.SAME);
    }

    @Test
    void fanOutBenchmarksAreJudgedOnRatioToIdeal() throws InputException {
        // Same time per op, but the current run's physical bound halved: it is now twice as far from ideal.
        Comparison c = judgeOne(run("us/op", 2.0, forks(8, 4000)), run("us/op", 1.0, forks(8, 4000)));

        assertThat(c.judgedOnRatio()).isTrue();
        assertThat(c.baselineRatioMedian()).isCloseTo(2.0, within(0.02));
        assertThat(c.changePercent()).isCloseTo(100, within(1e-9));
        assertThat(c.verdict()).isEqualTo(Verdict.WORSE);
    }

    @Test
    void convertsTimeUnitsBeforeComparing() throws InputException {
        Comparison c = judgeOne(run("ms/op", Double.NaN, forks(8, 2)), run("us/op", Double.NaN, forks(8, 2000)));

        assertThat(c.changePercent()).isCloseTo(0, within(1e-9));
        assertThat(c.currentMedian()).isCloseTo(c.baselineMedian(), within(1e-12));
    }

    /** One fork of {@code samples} iterations, spread evenly over median × (1 ± spread). */
    private static double[] spread(int samples, double median, double spread) {
        double[] out = new double[samples];
        for (int i = 0; i < samples; i++) {
            out[i] = median * (1 + spread * (2.0 * i / (samples - 1) - 1));
        }
        return out;
    }

    @Test
    void tightSamplesCanShowASlowdownOfTheThresholdItself() throws InputException {
        Comparison c = judgeOne(run("ms/op", Double.NaN, spread(10, 100, 0.01)),
                run("ms/op", Double.NaN, spread(10, 100, 0.01)));

        assertThat(c.verdict()).isEqualTo(Verdict.SAME);
        assertThat(c.detectableSlowdownPercent()).isEqualTo(10.0);
    }

    @Test
    void wideSamplesCanShowOnlyALargerSlowdownAndThatSlowdownIsFlagged() throws InputException {
        double[] base = spread(10, 100, 0.3);
        Comparison same = judgeOne(run("ms/op", Double.NaN, base), run("ms/op", Double.NaN, spread(10, 100, 0.3)));
        double detectable = same.detectableSlowdownPercent();

        assertThat(same.verdict()).isEqualTo(Verdict.SAME);
        assertThat(detectable).isGreaterThan(20);
        double[] slowed = java.util.Arrays.stream(base).map(v -> v * (1 + detectable / 100)).toArray();
        double[] lessSlowed = java.util.Arrays.stream(base).map(v -> v * (1 + (detectable - 1) / 100)).toArray();
        assertThat(judgeOne(run("ms/op", Double.NaN, base), run("ms/op", Double.NaN, slowed)).verdict())
                .isEqualTo(Verdict.WORSE);
        assertThat(judgeOne(run("ms/op", Double.NaN, base), run("ms/op", Double.NaN, lessSlowed)).verdict())
                .isEqualTo(Verdict.SAME);
    }

    @Test
    void aLargerSuiteNeedsALargerSlowdown() throws InputException {
        RegressionRule.Pair pair = new RegressionRule.Pair(run("ms/op", Double.NaN, spread(10, 100, 0.3)),
                run("ms/op", Double.NaN, spread(10, 100, 0.3)), Basis.IDEAL);
        double alone = DEFAULT.judge(List.of(pair)).get(0).detectableSlowdownPercent();
        double amongTwenty = DEFAULT.judge(java.util.Collections.nCopies(20, pair)).get(0).detectableSlowdownPercent();

        assertThat(amongTwenty).isGreaterThan(alone);
    }

    @Test
    void tooFewSamplesCanShowNoSlowdownAndTheSummarySaysSo() throws InputException {
        Comparison c = judgeOne(run("ms/op", Double.NaN, new double[]{10, 10.1}), run("ms/op", Double.NaN, new double[]{10, 10.1}));

        assertThat(c.detectableSlowdownPercent()).isNaN();
        Report report = new Report(List.of(java.nio.file.Path.of("a")), List.of(java.nio.file.Path.of("b")), DEFAULT, List.of(c), List.of(),
                List.of(), List.of(), List.of());
        assertThat(report.summaryLine()).endsWith("No regression (1 row could not show any).");
    }

    @Test
    void aThroughputsDetectableSlowdownIsALoss() throws InputException {
        Comparison c = judgeOne(run("ops/s", Double.NaN, spread(10, 1000, 0.01)),
                run("ops/s", Double.NaN, spread(10, 1000, 0.01)));

        assertThat(c.detectableSlowdownPercent()).isEqualTo(10.0);
        assertThat(TableFormatter.text(new Report(List.of(java.nio.file.Path.of("a")), List.of(java.nio.file.Path.of("b")), DEFAULT,
                List.of(c), List.of(), List.of(), List.of(), List.of()))).contains("-10.0%")
                .contains("No regression (a slowdown of 10% would have been flagged, by row).");
    }
}
