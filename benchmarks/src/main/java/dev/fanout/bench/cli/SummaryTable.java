package dev.fanout.bench.cli;

import static dev.fanout.bench.recording.SummaryColumns.BENCHMARK;
import static dev.fanout.bench.recording.SummaryColumns.BOUND;
import static dev.fanout.bench.recording.SummaryColumns.BOUND_MS;
import static dev.fanout.bench.recording.SummaryColumns.CLIENT;
import static dev.fanout.bench.recording.SummaryColumns.CONCURRENCY;
import static dev.fanout.bench.recording.SummaryColumns.CPU_US;
import static dev.fanout.bench.recording.SummaryColumns.ERRORS;
import static dev.fanout.bench.recording.SummaryColumns.FIRST_ERROR;
import static dev.fanout.bench.recording.SummaryColumns.IDEAL_MS;
import static dev.fanout.bench.recording.SummaryColumns.INTERVAL_CONFIDENCE;
import static dev.fanout.bench.recording.SummaryColumns.LATENCY_MS;
import static dev.fanout.bench.recording.SummaryColumns.MEAN_MS_INTERVAL;
import static dev.fanout.bench.recording.SummaryColumns.MODEL;
import static dev.fanout.bench.recording.SummaryColumns.N;
import static dev.fanout.bench.recording.SummaryColumns.P50_MS;
import static dev.fanout.bench.recording.SummaryColumns.P99_MS;
import static dev.fanout.bench.recording.SummaryColumns.POOLS;
import static dev.fanout.bench.recording.SummaryColumns.PROTOCOL;
import static dev.fanout.bench.recording.SummaryColumns.RATE;
import static dev.fanout.bench.recording.SummaryColumns.RATIO_TO_BOUND;
import static dev.fanout.bench.recording.SummaryColumns.RATIO_TO_BOUND_INTERVAL;
import static dev.fanout.bench.recording.SummaryColumns.RATIO_TO_IDEAL;
import static dev.fanout.bench.recording.SummaryColumns.STATUS;
import static dev.fanout.bench.recording.SummaryColumns.WORKLOAD;

import dev.fanout.bench.recording.SummaryColumns;
import dev.fanout.bench.recording.SummaryRow;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The table a run ends with: each trial's op time with its interval beside its bounds (the ideal, and the tightest,
 * named), and its ratio to that bound with its interval: the figure that carries to another machine.
 */
final class SummaryTable {
    private static final String ROW = "%-34s %-13s %-8s %5s %6s %6s %6s %6s %24s %9s %9s %9s %9s %7s %24s %6s  %s%n";

    private SummaryTable() {
    }

    static void print(List<SummaryRow> rows, PrintStream out) {
        out.printf(Locale.ROOT, ROW, "workload", "client", "protocol", "pools", "n", "L ms", "cpu us", "k", "mean ms [interval]",
                "p50 ms", "p99 ms", "ideal ms", "bound ms", "x ideal", "x bound [interval]", "errors", "status");
        for (SummaryRow r : rows) {
            out.printf(Locale.ROOT, ROW, name(r), r.get(CLIENT), r.get(PROTOCOL), r.get(POOLS), r.get(N), r.get(LATENCY_MS), r.get(CPU_US),
                    r.get(CONCURRENCY), withInterval(r, MEAN_MS_INTERVAL, "%.1f"), num(r.get(P50_MS), "%.1f"),
                    num(r.get(P99_MS), "%.1f"), num(r.get(IDEAL_MS), "%.1f"), num(r.get(BOUND_MS), "%.1f"),
                    num(r.get(RATIO_TO_IDEAL), "%.2f"),
                    r.get(RATIO_TO_BOUND) == null ? "-" : withInterval(r, RATIO_TO_BOUND_INTERVAL, "%.2f") + " " + r.get(BOUND),
                    r.get(ERRORS), r.get(STATUS) + (r.get(FIRST_ERROR) == null ? "" : " (" + r.get(FIRST_ERROR) + ")"));
        }
        if (rows.stream().anyMatch(r -> r.get(INTERVAL_CONFIDENCE) != null)) {
            out.println("[interval]: the range in which the median of a figure lies, over the trial's forks (or its only"
                    + " fork's iterations), with the confidence in summary.csv's interval_confidence");
        }
    }

    /** A figure and its interval: {@code 708.9 [501.8-912.3]}, or the figure alone. */
    private static String withInterval(SummaryRow r, SummaryColumns.Interval interval, String format) {
        Double figure = r.get(interval.figure());
        Double low = r.get(interval.low());
        Double high = r.get(interval.high());
        if (figure == null || low == null || high == null) {
            return num(figure, format);
        }
        return String.format(Locale.ROOT, format + " [" + format + "-" + format + "]", figure, low, high);
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
