package dev.fanout.bench.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The report as an aligned plain-text table or as GitHub markdown (PR comment, job summary). */
public final class TableFormatter {

    private static final List<String> HEADER =
            List.of("benchmark", "samples", "baseline", "current", "change", "detectable", "p (Holm)", "verdict");

    private TableFormatter() {
    }

    public static String text(Report report) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        report.comparisons().forEach(c -> rows.add(cells(c)));
        StringBuilder out = new StringBuilder();
        out.append(rulesLine(report)).append('\n').append('\n');
        if (!report.comparisons().isEmpty()) {
            out.append(aligned(rows));
        }
        out.append('\n');
        if (!report.knees().isEmpty()) {
            out.append(aligned(kneeRows(report))).append('\n');
        }
        extraLines(report).forEach(l -> out.append(l).append('\n'));
        out.append(report.summaryLine()).append('\n');
        return out.toString();
    }

    private static final List<String> KNEE_HEADER = List.of("knee (fan-outs/s, higher is better)", "baseline", "current",
            "change", "knee");

    /** The knees' table: one knee a side, so no samples and no p. */
    private static List<List<String>> kneeRows(Report report) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(KNEE_HEADER);
        report.knees().forEach(k -> rows.add(List.of(k.sweep(), knee(k.baseline()), knee(k.current()),
                Numbers.percent(k.changePercent()), k.direction())));
        return rows;
    }

    private static String knee(Integer rate) {
        return rate == null ? "none held" : rate + "/s";
    }

    private static String aligned(List<List<String>> rows) {
        int[] widths = new int[rows.get(0).size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(String.format("%-" + widths[i] + "s", row.get(i))).append("  ");
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    public static String markdown(Report report) {
        StringBuilder out = new StringBuilder();
        out.append("### Benchmark comparison\n\n");
        out.append(rulesLine(report)).append("\n\n");
        out.append(markdownRow(HEADER));
        out.append(markdownRow(HEADER.stream().map(h -> "---").toList()));
        report.comparisons().forEach(c -> out.append(markdownRow(cells(c))));
        out.append('\n');
        if (!report.knees().isEmpty()) {
            List<List<String>> knees = kneeRows(report);
            out.append(markdownRow(knees.get(0)));
            out.append(markdownRow(knees.get(0).stream().map(h -> "---").toList()));
            knees.subList(1, knees.size()).forEach(row -> out.append(markdownRow(row)));
            out.append('\n');
        }
        List<String> extra = extraLines(report);
        if (!extra.isEmpty()) {
            extra.forEach(l -> out.append("- ").append(l).append('\n'));
            out.append('\n');
        }
        String summary = report.summaryLine();
        out.append(report.exitCode() == 0 ? summary : "**" + summary + "**").append('\n');
        return out.toString();
    }

    private static String rulesLine(Report report) {
        RegressionRule rule = report.rule();
        String line = "Mann-Whitney U on " + report.sampleKinds() + " samples; worse = Holm-adjusted p < "
                + Numbers.setting(rule.alpha()) + " and median " + Numbers.setting(rule.thresholdPercent())
                + "% or more the wrong way; detectable = the smallest slowdown of the current samples, moved to the"
                + " baseline's median, that would be worse";
        if (report.baseline().size() > 1 || report.current().size() > 1) {
            line += "; " + report.baseline().size() + " and " + report.current().size() + " runs a side, their forks"
                    + " pooled, and worse or better only when every pair of a baseline run and a current run is too";
        }
        List<Basis> bases = report.comparisons().stream().map(Comparison::basis).filter(b -> b != null).distinct()
                .toList();
        return bases.isEmpty() ? line + "." : line + bases.stream().map(b -> "; rows with (" + b.suffix()
                + ") are judged on " + b.column()).collect(Collectors.joining()) + ".";
    }

    private static List<String> cells(Comparison c) {
        String samples = c.baseline().length + "+" + c.current().length
                + (c.sampleKind() == SampleKind.PER_FORK ? " forks" : " iters");
        return List.of(c.label(), samples,
                measure(c.baselineMedian(), c.baselineRatioMedian(), c),
                measure(c.currentMedian(), c.currentRatioMedian(), c),
                Numbers.percent(c.changePercent()), detectable(c), Numbers.p(c.pAdjusted()), c.verdict().symbol());
    }

    /** The smallest slowdown the row's data could have shown, as a change in the column beside it would read. */
    private static String detectable(Comparison c) {
        double slowdown = c.detectableSlowdownPercent();
        return Double.isNaN(slowdown) ? "none" : Numbers.percent(c.unit().smallerIsBetter() ? slowdown : -slowdown);
    }

    private static String measure(double median, double ratio, Comparison c) {
        String raw = Numbers.value(median) + " " + c.unit().text();
        return c.judgedOnRatio() ? raw + " (" + Numbers.value(ratio) + " " + c.basis().suffix() + ")" : raw;
    }

    private static List<String> extraLines(Report report) {
        List<String> lines = new ArrayList<>(report.notes());
        lines.addAll(report.unmatched());
        return lines;
    }

    private static String markdownRow(List<String> cells) {
        return cells.stream().map(s -> s.replace("|", "\\|"))
                .collect(Collectors.joining(" | ", "| ", " |\n"));
    }
}
