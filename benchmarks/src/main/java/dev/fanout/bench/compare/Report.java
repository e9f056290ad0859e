package dev.fanout.bench.compare;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The outcome of comparing two results folders, ready for any of the output formats. */
public record Report(Path baseline, Path current, RegressionRule rule, List<Comparison> comparisons,
                     List<BenchmarkKey> onlyInBaseline, List<BenchmarkKey> onlyInCurrent, List<String> notes) {

    public List<Comparison> worse() {
        return comparisons.stream().filter(c -> c.verdict() == Verdict.WORSE).toList();
    }

    public long count(Verdict verdict) {
        return comparisons.stream().filter(c -> c.verdict() == verdict).count();
    }

    /** 1 when anything is worse; {@link Verdict#INSUFFICIENT} never fails a run. */
    public int exitCode() {
        return worse().isEmpty() ? 0 : 1;
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

    public String summaryLine() {
        String counts = comparisons.size() + " compared: " + count(Verdict.WORSE) + " worse, "
                + count(Verdict.BETTER) + " better, " + count(Verdict.SAME) + " ~, "
                + count(Verdict.INSUFFICIENT) + " ? (too few samples)";
        if (worse().isEmpty()) {
            return counts + ". No regression.";
        }
        return counts + ". REGRESSION: " + worse().stream().map(Report::describe).collect(Collectors.joining(", "));
    }

    static String describe(Comparison c) {
        String params = c.key().paramsText();
        return params.isEmpty() ? c.label() : c.label() + " [" + params + "]";
    }
}
