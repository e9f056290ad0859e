package dev.fanout.bench.cli;

import static dev.fanout.bench.recording.SummaryColumns.ARTICLE_S;
import static dev.fanout.bench.recording.SummaryColumns.FIRST_ERROR;
import static dev.fanout.bench.recording.SummaryColumns.IDEAL_MS;
import static dev.fanout.bench.recording.SummaryColumns.MEAN_MS;
import static dev.fanout.bench.recording.SummaryColumns.MODEL;
import static dev.fanout.bench.recording.SummaryColumns.RATIO_TO_IDEAL;
import static dev.fanout.bench.recording.SummaryColumns.STATUS;
import static dev.fanout.bench.recording.SummaryColumns.WORKLOAD;

import dev.fanout.bench.recording.SummaryRow;
import dev.fanout.bench.suite.Workload;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The article's table with Java's column beside it: per workload the article measured, our mean op time,
 * its ideal, the ratio, and the time the article printed for the same script. The article measured N = 3
 * requests of L = 1 s; at another setting its figures still show, but the note under the table says they do
 * not compare.
 */
final class SeedTable {
    private static final String ROW = "%-16s %-24s %8s %8s %8s %10s  %s%n";

    private SeedTable() {
    }

    static void print(List<SummaryRow> rows, PrintStream out) {
        List<SummaryRow> article = rows.stream()
                .filter(r -> Workload.valueOf(r.get(WORKLOAD)).articleFigure() != null).toList();
        if (article.isEmpty()) {
            return;
        }
        out.println("The seed article's table (its Python figures beside Java's):");
        out.printf(Locale.ROOT, ROW, "scenario", "arrangement", "java s", "ideal s", "x ideal", "article s", "status");
        for (SummaryRow r : article) {
            Workload workload = Workload.valueOf(r.get(WORKLOAD));
            out.printf(Locale.ROOT, ROW, workload, workload == Workload.cpu_io_mix ? r.get(MODEL) : "-",
                    r.get(MEAN_MS) == null ? "-" : String.format(Locale.ROOT, "%.3f", r.get(MEAN_MS) / 1000),
                    String.format(Locale.ROOT, "%.3f", r.get(IDEAL_MS) / 1000),
                    r.get(RATIO_TO_IDEAL) == null ? "-" : String.format(Locale.ROOT, "%.2f", r.get(RATIO_TO_IDEAL)),
                    workload.articleFigure(),
                    r.get(STATUS) + (r.get(FIRST_ERROR) == null ? "" : " (" + r.get(FIRST_ERROR) + ")"));
        }
        if (article.stream().anyMatch(r -> r.get(ARTICLE_S) == null)) {
            out.println("The article's figures are for its own setting (N = 3, L = 1000 ms, 2 permits, a 1100 ms sleep,"
                    + " 3 CPU tasks); rows at another setting do not compare with them.");
        }
    }
}
