package dev.fanout.bench.cli;

import dev.fanout.bench.compare.InputException;
import dev.fanout.bench.compare.ScoreUnit;
import dev.fanout.bench.jmh.JmhParams;
import dev.fanout.bench.recording.AtomicFiles;
import dev.fanout.bench.recording.Footprint;
import dev.fanout.bench.recording.TrialScores;
import dev.fanout.bench.recording.MergedTrial;
import dev.fanout.bench.recording.ResultsLayout;
import dev.fanout.bench.recording.CsvTable;
import dev.fanout.bench.recording.SummaryColumns;
import dev.fanout.bench.recording.SummaryRow;
import dev.fanout.bench.recording.TrialMerger;
import dev.fanout.bench.suite.Setting;
import dev.fanout.bench.workload.ServerUsage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;

/**
 * Keeps a run's results on disk as they come: after every trial, jmh.json and summary.csv are rewritten
 * whole (atomically), so a run stopped at any point leaves the results of every finished trial. The two files
 * agree: a JMH result is kept only beside the summary row of its trial, and a run interrupted while a trial is
 * being written ({@link #stop()}, from the shutdown hook, while the run's own thread goes on until the JVM halts)
 * waits for both files of that trial and writes nothing after them.
 */
final class RunWriter {
    private final Path dir;
    private final int cores;
    private final double limitPerIdeal;
    private final List<RunResult> jmhResults = new ArrayList<>();
    private final List<SummaryRow> rows = new ArrayList<>();
    private final List<SummaryRow> forkRows = new ArrayList<>();
    private boolean stopped;

    /**
     * @param cores         the processors the client and the server share, which bound how fast their CPU work can go
     * @param limitPerIdeal service mode: how many times the ideal a step's p99 response time may reach and hold
     */
    RunWriter(Path dir, int cores, double limitPerIdeal) {
        this.dir = dir;
        this.cores = cores;
        this.limitPerIdeal = limitPerIdeal;
    }

    /**
     * Adds one trial's JMH results and what its forks recorded.
     *
     * @param server what the server's /stats said of the trial
     * @return the summary rows the trial produced
     */
    List<SummaryRow> add(Trial trial, Collection<RunResult> results, ServerUsage server) throws IOException {
        Map<Setting, RunResult> bySetting = new LinkedHashMap<>();
        results.forEach(r -> bySetting.put(Setting.fromParams(JmhParams.of(r.getParams())), r));
        return add(trial, bySetting, setting -> {
            RunResult result = bySetting.get(setting);
            return result == null ? TrialScores.NOTHING : scores(result);
        }, server);
    }

    /**
     * Adds a trial measured outside JMH (the asyncio reference row), from its records under {@code forks/}.
     *
     * @param scores what the trial measured besides its records
     */
    List<SummaryRow> add(Trial trial, TrialScores scores, ServerUsage server) throws IOException {
        return add(trial, Map.of(), setting -> scores, server);
    }

    private synchronized List<SummaryRow> add(Trial planned, Map<Setting, RunResult> jmh,
                                              Function<Setting, TrialScores> scores, ServerUsage server)
            throws IOException {
        if (stopped) {
            return List.of();
        }
        Optional<MergedTrial> merged = TrialMerger.merge(dir, planned.setting());
        if (merged.isEmpty()) {
            return List.of();
        }
        MergedTrial trial = merged.get();
        Setting setting = trial.spec().setting();
        TrialScores measured = scores.apply(setting);
        SummaryRow row = SummaryRow.of(trial, measured, server, cores, limitPerIdeal, planned.order());
        rows.add(row);
        forkRows.addAll(SummaryRow.forkRows(trial, measured, cores));
        if (jmh.containsKey(setting)) {
            jmhResults.add(jmh.get(setting));
        }
        write();
        return List.of(row);
    }

    /** JMH's scores of a trial, over every fork and of each fork and each of its measured iterations, in ms per op. */
    private static TrialScores scores(RunResult result) {
        List<TrialScores.Fork> forks = new ArrayList<>();
        for (BenchmarkResult fork : result.getBenchmarkResults()) {
            List<TrialScores.Iteration> iterations = fork.getIterationResults().stream()
                    .map(it -> new TrialScores.Iteration(millisPerOp(it.getPrimaryResult()),
                            Footprint.of(scoresOf(it.getSecondaryResults()))))
                    .toList();
            forks.add(new TrialScores.Fork(millisPerOp(fork.getPrimaryResult()),
                    Footprint.of(scoresOf(fork.getSecondaryResults())), iterations));
        }
        return new TrialScores(millisPerOp(result.getPrimaryResult()), Footprint.of(scoresOf(result.getSecondaryResults())),
                forks);
    }

    /**
     * Adds the knee row of the sweep {@code sweepLabel} ({@link dev.fanout.bench.suite.Setting#sweepLabel}) whose
     * steps' rows are {@code steps}, in rising rate, and returns it.
     */
    synchronized SummaryRow addKnee(String sweepLabel, List<SummaryRow> steps) throws IOException {
        SummaryRow knee = SummaryRow.knee(sweepLabel, steps);
        if (!stopped) {
            rows.add(knee);
            write();
        }
        return knee;
    }

    /**
     * Takes no more trials: returns once a trial being written is written whole, so that the run's files agree
     * when the JVM halts.
     */
    synchronized void stop() {
        stopped = true;
    }

    synchronized List<SummaryRow> rows() {
        return List.copyOf(rows);
    }

    private void write() throws IOException {
        AtomicFiles.write(ResultsLayout.jmhJson(dir), out -> {
            PrintStream print = new PrintStream(out, false, StandardCharsets.UTF_8);
            ResultFormatFactory.getInstance(ResultFormatType.JSON, print).writeOut(jmhResults);
            print.flush();
        });
        CsvTable.write(ResultsLayout.summaryCsv(dir), rows, SummaryColumns.ALL);
        CsvTable.write(ResultsLayout.forksCsv(dir), forkRows, SummaryColumns.FORK_ROW);
    }

    private static Map<String, Double> scoresOf(Map<String, Result> secondaryResults) {
        Map<String, Double> scores = new LinkedHashMap<>();
        secondaryResults.forEach((label, value) -> scores.put(label, value.getScore()));
        return scores;
    }

    /** A time-per-op score in ms per op, whatever time unit the user asked JMH for. */
    static double millisPerOp(Result<?> score) {
        String unit = score.getScoreUnit();
        try {
            ScoreUnit parsed = ScoreUnit.parse(unit);
            if (parsed.isTimePerOp()) {
                return parsed.convert(score.getScore(), ScoreUnit.MS_PER_OP);
            }
        } catch (InputException e) {
            // reported below
        }
        throw new IllegalArgumentException("the fan-out benchmarks report time per op; JMH gave " + unit
                + " (drop -bm / -tu)");
    }
}
