package dev.fanout.bench.compare;

import java.nio.file.Path;
import java.util.DoubleSummaryStatistics;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The outcome of comparing two results folders, ready for any of the output formats: the closed-loop results judged
 * by {@link RegressionRule}, and the service-mode sweeps by their knees.
 */
public record Report(List<Path> baseline, List<Path> current, RegressionRule rule, List<Comparison> comparisons,
                     List<KneeComparison> knees, List<BenchmarkRun> onlyInBaseline, List<BenchmarkRun> onlyInCurrent,
                     List<String> notes) {

    /** A side as its files, comma-separated as they are given on the command line. */
    public static String side(List<Path> jmhJsons) {
        return jmhJsons.stream().map(Path::toString).collect(Collectors.joining(","));
    }

    public List<Comparison> worse() {
        return comparisons.stream().filter(c -> c.verdict() == Verdict.WORSE).toList();
    }

    /** The sweeps whose knee fell: reported, never failed on (see {@link KneeComparison}). */
    public List<KneeComparison> lowerKnees() {
        return knees.stream().filter(k -> k.verdict() == Verdict.WORSE).toList();
    }

    public long count(Verdict verdict) {
        return comparisons.stream().filter(c -> c.verdict() == verdict).count();
    }

    /**
     * 2 when the two sides have nothing in common (a comparison of nothing must not pass for "no regression"),
     * 1 when anything is worse; {@link Verdict#INSUFFICIENT} never fails a run.
     */
    public int exitCode() {
        return comparisons.isEmpty() && knees.isEmpty() ? 2 : worse().isEmpty() ? 0 : 1;
    }

    /** What lines the report leaves out of its table: a benchmark only one side ran, one line each. */
    public List<String> unmatched() {
        List<String> lines = new java.util.ArrayList<>();
        onlyInBaseline.forEach(run -> lines.add("only in baseline, not compared: " + run.label()));
        onlyInCurrent.forEach(run -> lines.add("only in current, not compared: " + run.label()));
        return lines;
    }

    /** "per fork (3), per iteration (1)": the sample kinds in use, since each benchmark may differ. */
    public String sampleKinds() {
        Map<SampleKind, Long> kinds = comparisons.stream()
                .collect(Collectors.groupingBy(Comparison::sampleKind, () -> new EnumMap<>(SampleKind.class),
                        Collectors.counting()));
        return kinds.entrySet().stream()
                .map(e -> e.getKey().label() + " (" + e.getValue() + ")")
                .collect(Collectors.joining(", "));
    }

    /**
     * " (a slowdown of 12% to 48.5% would have been flagged, by row; 2 rows could not show any)": what "no
     * regression" covers.
     */
    String detectableRange() {
        DoubleSummaryStatistics shown = comparisons.stream().mapToDouble(Comparison::detectableSlowdownPercent)
                .filter(d -> !Double.isNaN(d)).summaryStatistics();
        long blind = comparisons.size() - shown.getCount();
        String blindRows = blind == 0 ? "" : blind + (blind == 1 ? " row" : " rows") + " could not show any";
        if (shown.getCount() == 0) {
            return " (" + blindRows + ")";
        }
        String range = shown.getMin() == shown.getMax() ? Numbers.setting(shown.getMin()) + "%"
                : Numbers.setting(shown.getMin()) + "% to " + Numbers.setting(shown.getMax()) + "%";
        return " (a slowdown of " + range + " would have been flagged, by row" + (blind == 0 ? "" : "; " + blindRows) + ")";
    }

    public String summaryLine() {
        if (comparisons.isEmpty() && knees.isEmpty()) {
            return "Nothing in common: no benchmark of " + side(baseline) + " (" + onlyInBaseline.size() + ") has the"
                    + " same name, mode and params in " + side(current) + " (" + onlyInCurrent.size() + "); nothing was judged.";
        }
        String counts = comparisons.size() + " compared: " + count(Verdict.WORSE) + " worse, "
                + count(Verdict.BETTER) + " better, " + count(Verdict.SAME) + " ~, "
                + count(Verdict.INSUFFICIENT) + " ? (too few samples)";
        if (!knees.isEmpty()) {
            counts += "; " + knees.size() + (knees.size() == 1 ? " knee" : " knees") + ": " + lowerKnees().size()
                    + " lower, " + knees.stream().filter(k -> k.verdict() == Verdict.BETTER).count() + " higher"
                    + " (one sweep a side: reported, not failed on)";
        }
        if (worse().isEmpty()) {
            return counts + ". No regression" + (comparisons.isEmpty() ? "" : detectableRange()) + ".";
        }
        return counts + ". REGRESSION: " + worse().stream().map(Comparison::label).collect(Collectors.joining(", "));
    }
}
