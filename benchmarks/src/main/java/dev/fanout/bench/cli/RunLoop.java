package dev.fanout.bench.cli;

import static dev.fanout.bench.recording.SummaryColumns.ACHIEVED_RATE;
import static dev.fanout.bench.recording.SummaryColumns.BENCHMARK;
import static dev.fanout.bench.recording.SummaryColumns.BOUND;
import static dev.fanout.bench.recording.SummaryColumns.BOUND_MS;
import static dev.fanout.bench.recording.SummaryColumns.FIRST_ERROR;
import static dev.fanout.bench.recording.SummaryColumns.HELD;
import static dev.fanout.bench.recording.SummaryColumns.MEAN_MS;
import static dev.fanout.bench.recording.SummaryColumns.MEAN_MS_INTERVAL;
import static dev.fanout.bench.recording.SummaryColumns.P99_MS;
import static dev.fanout.bench.recording.SummaryColumns.RATE;
import static dev.fanout.bench.recording.SummaryColumns.RATIO_TO_BOUND;
import static dev.fanout.bench.recording.SummaryColumns.RATIO_TO_IDEAL;
import static dev.fanout.bench.recording.SummaryColumns.RESPONSE_LIMIT_MS;
import static dev.fanout.bench.recording.SummaryColumns.SERVER_LATE;
import static dev.fanout.bench.recording.SummaryColumns.SERVER_LATENESS_P99_MS;
import static dev.fanout.bench.recording.SummaryColumns.STATUS;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.bench.recording.CannotWriteException;
import dev.fanout.bench.recording.SummaryRow;
import dev.fanout.bench.recording.TightBound;
import dev.fanout.bench.suite.Setting;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Runs a plan's turns (a trial's forks, all or one of them) one at a time and keeps going only while the results can
 * be trusted: it stops when the server stops answering (every later trial would fail for a reason that is not the
 * workload's) or when the benchmark framework refuses to run at all, and every trial finished before the stop is kept.
 * The server, the way a trial is run and recorded, and the output are passed in, so the loop is tested without JMH.
 */
final class RunLoop {
    /** What the loop needs of the server. */
    interface Server {
        /** Whether the server still answers, and for a child process, whether it is alive. */
        boolean answers();

        /** Starts the server's counts for a new trial; a server without counts ignores it. */
        void resetStats();

        /** The server's counts now, or empty when it has none. */
        Optional<JsonNode> stats();
    }

    /** Runs one turn of a trial and, after its last, records what the trial measured. */
    interface TrialRunner {
        /**
         * @return the summary rows the trial produced when this was its last turn, none when its forks died before
         *         recording; none after an earlier turn, whose forks wait for the trial's last
         * @throws Refused when the framework refuses to run any trial (another JMH holds its lock, ...)
         */
        List<SummaryRow> run(Turn turn) throws Refused, IOException;
    }

    /** Where the knee of a finished sweep is recorded. */
    @FunctionalInterface
    interface KneeRecorder {
        /**
         * @param sweepLabel the label the sweep's steps share ({@link Setting#sweepLabel})
         * @param steps      the rows of one sweep's steps that ran, in rising rate
         * @return the sweep's knee row, as recorded
         */
        SummaryRow record(String sweepLabel, List<SummaryRow> steps) throws IOException;
    }

    /** Where the run's results go, as far as the loop needs to know. */
    @FunctionalInterface
    interface Storage {
        /**
         * Null while every file of the run was written and the results folder takes more; otherwise why not, naming
         * the file or folder and the system's reason ({@code No space left on device}).
         */
        String cannotWrite();
    }

    /** The framework refused to run at all: no later trial would fare better. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * How a run ended.
     *
     * @param rows           every row recorded, in order: a trial's, and after a sweep's steps its knee
     * @param planned        the trials the plan had
     * @param skipped        the service steps not run because their sweep had found its knee below them
     * @param expected       the rows that are not OK by design: the step that ended its sweep (it did not hold, which
     *                       is what the sweep looks for), and the knee of a sweep none of whose steps held
     * @param stoppedBecause why the loop stopped before the end, or null when it ran every trial
     */
    record Outcome(List<SummaryRow> rows, int planned, int skipped, List<SummaryRow> expected, String stoppedBecause) {
        long ok() {
            return rows.stream().filter(r -> r.get(STATUS).equals(SummaryRow.OK)).count();
        }

        /** The rows neither OK nor meant not to be: the trials that failed. */
        long failed() {
            return rows.stream().filter(r -> !r.get(STATUS).equals(SummaryRow.OK)
                    && expected.stream().noneMatch(e -> e == r)).count();
        }

        /**
         * 0 when every planned trial was measured or skipped past its sweep's knee, and every row is OK but those not
         * OK by design; 1 otherwise.
         */
        int exitCode() {
            long trialRows = rows.stream().filter(r -> !r.get(BENCHMARK).equals(SummaryRow.KNEE)).count();
            boolean allMeasured = trialRows + skipped == planned;
            return stoppedBecause == null && allMeasured && failed() == 0 ? 0 : 1;
        }
    }

    private final Server server;
    private final TrialRunner runner;
    private final KneeRecorder knees;
    private final Storage storage;
    private final BooleanSupplier interrupted;
    private final PrintStream out;
    private final PrintStream err;

    /**
     * @param storage     asked after every trial: a run whose results can no longer be written stops, its earlier
     *                    files whole, rather than failing every later trial for a reason that is not the trial's
     * @param interrupted whether a signal is stopping the run: then a trial that ends badly ended because of it,
     *                    and the loop stops without blaming the server or the trial
     */
    RunLoop(Server server, TrialRunner runner, KneeRecorder knees, Storage storage, BooleanSupplier interrupted,
            PrintStream out, PrintStream err) {
        this.server = server;
        this.runner = runner;
        this.knees = knees;
        this.storage = storage;
        this.interrupted = interrupted;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs the turns in order ({@link Plan#turns}). A service-mode sweep's steps follow each other in rising rate; the
     * first step that does not hold (it failed, fell short of its rate, or its p99 passed the limit) ends the sweep,
     * its higher steps are skipped, and the sweep's knee is recorded after its last step.
     */
    Outcome run(List<Turn> turns) throws IOException {
        int planned = (int) turns.stream().map(Turn::trial).distinct().count();
        List<SummaryRow> rows = new ArrayList<>();
        List<SummaryRow> expected = new ArrayList<>();
        List<SummaryRow> steps = new ArrayList<>();
        Setting endedSweep = null;
        int skipped = 0;
        int index = 0;
        for (Turn turn : turns) {
            index++;
            Trial trial = turn.trial();
            Optional<Setting> sweep = trial.sweep();
            out.printf(Locale.ROOT, "[%d/%d] %s (ideal %s) ... ", index, turns.size(), turn.label(),
                    Format.millis(trial.idealMs()));
            if (sweep.isPresent() && sweep.get().equals(endedSweep)) {
                out.println("skipped: past the knee");
                skipped++;
            } else {
                out.flush();
                server.resetStats();
                List<SummaryRow> trialRows;
                try {
                    trialRows = runner.run(turn);
                } catch (Refused e) {
                    String because = "JMH could not run " + turn.label() + ": " + e.getMessage();
                    err.println();
                    err.println("error: " + because);
                    return new Outcome(rows, planned, skipped, expected, because);
                } catch (CannotWriteException e) {
                    return stopUnwritten(rows, planned, skipped, expected, e.getMessage());
                }
                rows.addAll(trialRows);
                if (interrupted.getAsBoolean()) {
                    return new Outcome(rows, planned, skipped, expected, "interrupted");
                }
                String unwritten = storage.cannotWrite();
                if (unwritten != null) {
                    if (!trialRows.isEmpty()) {
                        out.print(describe(trialRows) + "; then ");
                    }
                    return stopUnwritten(rows, planned, skipped, expected, unwritten);
                }
                // The server first: a fork that lost its server dies before recording, and that is not its fault.
                boolean serverAnswers = server.answers();
                out.println(!serverAnswers && trialRows.isEmpty() ? "FAIL: the server stopped answering during the trial"
                        : turn.last() ? describe(trialRows)
                        : "run (jmh.log has its figures); the trial's come after its fork " + trial.iterations().forks());
                if (!serverAnswers) {
                    String because = "the server stopped answering during " + turn.label();
                    err.println("error: " + because + "; the results of the trials finished before are kept");
                    return new Outcome(rows, planned, skipped, expected, because);
                }
                if (sweep.isPresent()) {
                    steps.addAll(trialRows);
                    SummaryRow step = trialRows.isEmpty() ? null : trialRows.get(0);
                    if (step == null || !Boolean.TRUE.equals(step.get(HELD))) {
                        endedSweep = sweep.get();
                        if (step != null) {
                            expected.add(step);
                        }
                    }
                }
            }
            boolean sweepEnds = sweep.isPresent() && (index == turns.size()
                    || !sweep.equals(turns.get(index).trial().sweep()));
            if (sweepEnds && !steps.isEmpty()) {
                SummaryRow knee;
                try {
                    knee = knees.record(trial.setting().sweepLabel(), List.copyOf(steps));
                } catch (CannotWriteException e) {
                    return stopUnwritten(rows, planned, skipped, expected, e.getMessage());
                }
                rows.add(knee);
                if (knee.get(STATUS).equals(SummaryRow.FAIL)) {
                    expected.add(knee);
                }
                out.println("      knee: " + (knee.get(RATE) == null ? "none" : knee.get(RATE) + "/s") + " (" + knee.get(FIRST_ERROR)
                        + ")");
                steps.clear();
            }
        }
        return new Outcome(rows, planned, skipped, expected, null);
    }

    /** Ends the run at a write that failed: one line on each stream, and the files written before it kept whole. */
    private Outcome stopUnwritten(List<SummaryRow> rows, int planned, int skipped, List<SummaryRow> expected,
                                  String because) {
        out.println("FAIL: " + because);
        err.println("error: " + because + "; the run stops, and the files it wrote before are whole");
        return new Outcome(rows, planned, skipped, expected, because);
    }

    /** A trial's progress line: its time beside the ideal, or why it has none. */
    static String describe(List<SummaryRow> rows) {
        if (rows.isEmpty()) {
            return "FAIL: no result (the fork died before recording; see jmh.log)";
        }
        SummaryRow row = rows.get(0);
        if (row.get(STATUS).equals(SummaryRow.SHORT)) {
            return String.format(Locale.ROOT, "SHORT: %.1f arrivals a second started of the %d asked", row.get(ACHIEVED_RATE),
                    row.get(RATE));
        }
        if (!row.get(STATUS).equals(SummaryRow.OK)) {
            return row.get(STATUS) + ": " + (row.get(FIRST_ERROR) != null ? row.get(FIRST_ERROR)
                    : row.get(RATIO_TO_IDEAL) != null
                            ? String.format(Locale.ROOT, "%.3f x ideal: faster than physically possible", row.get(RATIO_TO_IDEAL))
                            : "no JMH result; see jmh.log");
        }
        if (row.get(RATE) != null) {
            return String.format(Locale.ROOT, "p99 %s, limit %s, %.1f/s achieved: %s", Format.millis(row.get(P99_MS)),
                    Format.millis(row.get(RESPONSE_LIMIT_MS)), row.get(ACHIEVED_RATE), row.get(HELD) ? "held" : "did not hold");
        }
        String ideal = String.format(Locale.ROOT, "%s (%.2f x ideal", Format.millis(row.get(MEAN_MS),
                row.get(MEAN_MS_INTERVAL.low()), row.get(MEAN_MS_INTERVAL.high())), row.get(RATIO_TO_IDEAL));
        String line = TightBound.LATENCY.equals(row.get(BOUND)) ? ideal + ")"
                : ideal + String.format(Locale.ROOT, ", %.2f x its %s of %s)", row.get(RATIO_TO_BOUND),
                        TightBound.CPU.equals(row.get(BOUND)) ? "CPU floor" : "latency + CPU floor",
                        Format.millis(row.get(BOUND_MS)));
        return Boolean.TRUE.equals(row.get(SERVER_LATE))
                ? line + "; the server was late, p99 " + Format.millis(row.get(SERVER_LATENESS_P99_MS)) : line;
    }
}
