package dev.fanout.bench.cli;

import dev.fanout.bench.recording.SummaryRow;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The table a run ends with: each trial's op time beside its two bounds, the ideal (latency) and the CPU floor, and
 * its ratio to the larger of them, named.
 */
final class SummaryTable {
    private static final String ROW = "%-34s %-13s %5s %6s %6s %6s %6s %9s %9s %9s %9s %9s %7s %12s %6s  %s%n";

    private SummaryTable() {
    }

    static void print(List<SummaryRow> rows, PrintStream out) {
        out.printf(Locale.ROOT, ROW, "workload", "client", "pools", "n", "L ms", "cpu us", "k", "mean ms", "p50 ms",
                "p99 ms", "ideal ms", "floor ms", "x ideal", "x bound", "errors", "status");
        for (SummaryRow r : rows) {
            out.printf(Locale.ROOT, ROW, name(r), r.client(), r.pools(), r.n(), r.latencyMs(), r.cpuUs(),
                    r.concurrency(), num(r.meanMs(), "%.1f"), num(r.p50Ms(), "%.1f"), num(r.p99Ms(), "%.1f"),
                    num(r.idealMs(), "%.1f"), num(r.cpuFloorMs(), "%.1f"), num(r.ratioToIdeal(), "%.2f"),
                    r.ratioToBound() == null ? "-" : num(r.ratioToBound(), "%.2f") + " " + r.bound(), r.errors(),
                    r.status() + (r.firstError() == null ? "" : " (" + r.firstError() + ")"));
        }
    }

    /**
     * The workload, and the arrangement of a scenario that has one; a service step's rate (its times are response
     * times, from each arrival's intended start), or its sweep's knee.
     */
    private static String name(SummaryRow r) {
        String name = r.model().equals(r.workload()) || r.model().equals("-") ? r.workload() : r.workload() + " " + r.model();
        if (SummaryRow.KNEE.equals(r.benchmark())) {
            return name + " knee " + (r.rate() == null ? "none" : r.rate() + "/s");
        }
        return r.rate() == null ? name : name + " @" + r.rate() + "/s";
    }

    private static String num(Double value, String format) {
        return value == null ? "-" : String.format(Locale.ROOT, format, value);
    }
}
