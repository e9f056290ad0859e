package dev.fanout.bench.cli;

import dev.fanout.bench.recording.SummaryRow;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** The table a run ends with: each trial's op time beside its physical limit. */
final class SummaryTable {
    private static final String ROW = "%-34s %-7s %6s %6s %6s %6s %10s %10s %10s %10s %8s %7s  %s%n";

    private SummaryTable() {
    }

    static void print(List<SummaryRow> rows, PrintStream out) {
        out.printf(Locale.ROOT, ROW, "workload", "client", "n", "L ms", "cpu us", "k", "mean ms", "p50 ms", "p99 ms",
                "ideal ms", "x ideal", "errors", "status");
        for (SummaryRow r : rows) {
            out.printf(Locale.ROOT, ROW, name(r), r.client(), r.n(), r.latencyMs(), r.cpuUs(), r.concurrency(),
                    num(r.meanMs(), "%.1f"), num(r.p50Ms(), "%.1f"), num(r.p99Ms(), "%.1f"),
                    num(r.idealMs(), "%.1f"), num(r.ratioToIdeal(), "%.2f"), r.errors(),
                    r.status() + (r.firstError() == null ? "" : " (" + r.firstError() + ")"));
        }
    }

    /** The workload, and the arrangement of a scenario that has one. */
    private static String name(SummaryRow r) {
        return r.model().equals(r.workload()) || r.model().equals("-") ? r.workload() : r.workload() + " " + r.model();
    }

    private static String num(Double value, String format) {
        return value == null ? "-" : String.format(Locale.ROOT, format, value);
    }
}
