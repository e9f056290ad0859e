package dev.fanout.bench.compare;

import dev.fanout.bench.recording.Slowdown;
import java.util.ArrayList;
import java.util.List;

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
