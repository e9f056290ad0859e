package dev.fanout.bench.cli;

import static dev.fanout.bench.recording.SummaryColumns.BENCHMARK;
import static dev.fanout.bench.recording.SummaryColumns.BOUND;
import static dev.fanout.bench.recording.SummaryColumns.CLIENT;
import static dev.fanout.bench.recording.SummaryColumns.CONCURRENCY;
import static dev.fanout.bench.recording.SummaryColumns.CPU_FLOOR_MS;
import static dev.fanout.bench.recording.SummaryColumns.CPU_US;
import static dev.fanout.bench.recording.SummaryColumns.ERRORS;
import static dev.fanout.bench.recording.SummaryColumns.FIRST_ERROR;
import static dev.fanout.bench.recording.SummaryColumns.IDEAL_MS;
import static dev.fanout.bench.recording.SummaryColumns.LATENCY_MS;
import static dev.fanout.bench.recording.SummaryColumns.MEAN_MS;
import static dev.fanout.bench.recording.SummaryColumns.MODEL;
import static dev.fanout.bench.recording.SummaryColumns.N;
import static dev.fanout.bench.recording.SummaryColumns.P50_MS;
import static dev.fanout.bench.recording.SummaryColumns.P99_MS;
import static dev.fanout.bench.recording.SummaryColumns.POOLS;
import static dev.fanout.bench.recording.SummaryColumns.RATE;
import static dev.fanout.bench.recording.SummaryColumns.RATIO_TO_BOUND;
import static dev.fanout.bench.recording.SummaryColumns.RATIO_TO_IDEAL;
import static dev.fanout.bench.recording.SummaryColumns.STATUS;
import static dev.fanout.bench.recording.SummaryColumns.WORKLOAD;

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
            out.printf(Locale.ROOT, ROW, name(r), r.get(CLIENT), r.get(POOLS), r.get(N), r.get(LATENCY_MS), r.get(CPU_US),
                    r.get(CONCURRENCY), num(r.get(MEAN_MS), "%.1f"), num(r.get(P50_MS), "%.1f"), num(r.get(P99_MS), "%.1f"),
                    num(r.get(IDEAL_MS), "%.1f"), num(r.get(CPU_FLOOR_MS), "%.1f"), num(r.get(RATIO_TO_IDEAL), "%.2f"),
                    r.get(RATIO_TO_BOUND) == null ? "-" : num(r.get(RATIO_TO_BOUND), "%.2f") + " " + r.get(BOUND), r.get(ERRORS),
                    r.get(STATUS) + (r.get(FIRST_ERROR) == null ? "" : " (" + r.get(FIRST_ERROR) + ")"));
        }
    }

    /**
     * The workload, and the arrangement of a scenario that has one; a service step's rate (its times are response
     * times, from each arrival's intended start), or its sweep's knee.
     */
    private static String name(SummaryRow r) {
        String name = r.get(MODEL).equals(r.get(WORKLOAD)) || r.get(MODEL).equals("-") ? r.get(WORKLOAD) : r.get(WORKLOAD) + " " + r.get(MODEL);
        if (SummaryRow.KNEE.equals(r.get(BENCHMARK))) {
            return name + " knee " + (r.get(RATE) == null ? "none" : r.get(RATE) + "/s");
        }
        return r.get(RATE) == null ? name : name + " @" + r.get(RATE) + "/s";
    }

    private static String num(Double value, String format) {
        return value == null ? "-" : String.format(Locale.ROOT, format, value);
    }
}
