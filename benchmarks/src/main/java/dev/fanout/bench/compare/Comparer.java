package dev.fanout.bench.compare;

import dev.fanout.bench.recording.Slowdown;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Matches two loaded results by benchmark name, mode and params, and judges the matches. */
public final class Comparer {

    private Comparer() {
    }

    /** "the server 15% later, the client 30 µs more a response", naming only what was slowed; null for no slowdown. */
    static String describe(Slowdown slowdown) {
        String server = slowdown.serverByPercent() > 0
                ? "the server " + Numbers.setting(slowdown.serverByPercent()) + "% later" : null;
        String client = slowdown.clientByMicros() > 0
                ? "the client " + slowdown.clientByMicros() + " µs more a response" : null;
        return server == null ? client : client == null ? server : server + ", " + client;
    }

    /**
     * Two sides of one or more runs each (rounds of one build, as a CI job alternates base and head). A side's runs
     * are pooled and judged as one ({@link ResultsLoader#pool}); with several runs on a side, a benchmark is also
     * judged for every pair of a baseline run and a current run, and it is worse (or better) only when every pair
     * says so too. Pooling alone treats every fork as an independent draw, but one launch can draw slow as a whole,
     * and pooled with a normal run it still made compare call rows worse (docs/compare.md, "Two and three runs a
     * side"). Requiring every pair of rounds asks that slowness of every current run. The row's detectable slowdown
     * is then the largest over the pooled comparison and the pairs: what every one of them would have flagged.
     */
    public static Report compare(List<LoadedResults> baselineRounds, List<LoadedResults> currentRounds, RegressionRule rule)
            throws InputException {
        Report pooled = compare(ResultsLoader.pool(baselineRounds), ResultsLoader.pool(currentRounds), rule);
        int roundPairs = baselineRounds.size() * currentRounds.size();
        if (roundPairs == 1) {
            return pooled;
        }
        Map<BenchmarkKey, List<Comparison>> byPair = new HashMap<>();
        for (LoadedResults base : baselineRounds) {
            for (LoadedResults cur : currentRounds) {
                for (Comparison c : compare(base, cur, rule).comparisons()) {
                    byPair.computeIfAbsent(c.key(), k -> new ArrayList<>()).add(c);
                }
            }
        }
        List<String> notes = new ArrayList<>(pooled.notes());
        List<Comparison> agreed = new ArrayList<>();
        for (Comparison c : pooled.comparisons()) {
            List<Comparison> pairs = byPair.getOrDefault(c.key(), List.of());
            long agreeing = pairs.stream().filter(pair -> pair.verdict() == c.verdict()).count();
            boolean flagged = c.verdict() == Verdict.WORSE || c.verdict() == Verdict.BETTER;
            Verdict verdict = flagged && agreeing < roundPairs ? Verdict.SAME : c.verdict();
            if (verdict != c.verdict()) {
                long tooFew = pairs.stream().filter(pair -> pair.verdict() == Verdict.INSUFFICIENT).count();
                int without = roundPairs - pairs.size();
                notes.add(c.verdict().symbol() + " pooled, but in " + agreeing + " of " + roundPairs + " pairs of rounds only"
                        + (tooFew == 0 ? "" : " (" + tooFew + " with too few samples to judge alone)")
                        + (without == 0 ? "" : " (" + without + " without it: a run lacks it)") + ", so ~: " + c.label());
            }
            double detectable = pairs.size() < roundPairs ? Double.NaN : pairs.stream()
                    .mapToDouble(Comparison::detectableSlowdownPercent)
                    .reduce(c.detectableSlowdownPercent(), Comparer::largestUnlessUnknown);
            agreed.add(c.judged(c.pAdjusted(), verdict, detectable));
        }
        return new Report(pooled.baseline(), pooled.current(), rule, agreed, pooled.knees(), pooled.onlyInBaseline(),
                pooled.onlyInCurrent(), notes);
    }

    /** The larger of two detectable slowdowns; NaN (none would be flagged) when either is. */
    private static double largestUnlessUnknown(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b);
    }

    public static Report compare(LoadedResults baseline, LoadedResults current, RegressionRule rule) throws InputException {
        MachineComparison machines = MachineComparison.of(baseline.machine(), current.machine());
        List<RegressionRule.Pair> pairs = new ArrayList<>();
        List<BenchmarkRun> onlyInBaseline = new ArrayList<>();
        for (BenchmarkRun base : baseline.runs().values()) {
            BenchmarkRun cur = current.runs().get(base.key());
            if (cur == null) {
                onlyInBaseline.add(base);
            } else {
                pairs.add(new RegressionRule.Pair(base, cur, machines.basis()));
            }
        }
        List<BenchmarkRun> onlyInCurrent = current.runs().values().stream()
                .filter(run -> !baseline.runs().containsKey(run.key())).toList();

        List<String> notes = new ArrayList<>();
        if (machines.note() != null) {
            notes.add(machines.note());
        }
        List<String> conditions = baseline.conditions().differencesTo(current.conditions());
        if (!conditions.isEmpty()) {
            notes.add("the runs measured under different conditions, by their meta.json (" + String.join("; ", conditions)
                    + "): their figures differ by that too, not by the code alone");
        }
        if (baseline.slowdown().slows()) {
            notes.add("the baseline was slowed on purpose (" + describe(baseline.slowdown()) + ": its meta.json's "
                    + Slowdown.META_FIELD + "), so a regression shows less against it than against an as-is run");
        }
        if (current.slowdown().slows()) {
            notes.add("the current run was slowed on purpose (" + describe(current.slowdown()) + ": its meta.json's "
                    + Slowdown.META_FIELD + "): what is flagged measures what compare catches, not the code");
        }
        for (LoadedResults side : List.of(baseline, current)) {
            if (!side.hasSummary()) {
                notes.add("no summary.csv beside " + Report.side(side.jmhJsons()) + ": raw JMH scores only, no ratio_to_ideal");
            }
        }
        for (RegressionRule.Pair pair : pairs) {
            boolean timed = pair.baseline().unit().isTimePerOp();
            Basis basis = pair.basis();
            if (timed && (baseline.hasSummary() || current.hasSummary())
                    && !(basis.knows(pair.baseline()) && basis.knows(pair.current()))) {
                notes.add("judged on raw " + pair.baseline().unit().text() + ", not on its " + basis.column() + " (no "
                        + (basis == Basis.IDEAL ? "ideal_ms" : "bound_ms") + " on the "
                        + (basis.knows(pair.baseline()) ? "current" : "baseline") + " side): " + pair.baseline().label());
            }
        }
        List<KneeComparison> knees = new ArrayList<>();
        baseline.knees().forEach((sweep, knee) -> {
            if (current.knees().containsKey(sweep)) {
                knees.add(new KneeComparison(sweep, knee, current.knees().get(sweep)));
            } else {
                notes.add("only in baseline, not compared: " + sweep);
            }
        });
        current.knees().keySet().stream().filter(sweep -> !baseline.knees().containsKey(sweep))
                .forEach(sweep -> notes.add("only in current, not compared: " + sweep));
        return new Report(baseline.jmhJsons(), current.jmhJsons(), rule, rule.judge(pairs), knees, onlyInBaseline,
                onlyInCurrent, notes);
    }
}
