package dev.fanout.bench.cli;

import static dev.fanout.bench.recording.SummaryColumns.ACHIEVED_RATE;
import static dev.fanout.bench.recording.SummaryColumns.ARRIVALS;
import static dev.fanout.bench.recording.SummaryColumns.BENCHMARK;
import static dev.fanout.bench.recording.SummaryColumns.BOUND;
import static dev.fanout.bench.recording.SummaryColumns.BOUND_MS;
import static dev.fanout.bench.recording.SummaryColumns.CLIENT;
import static dev.fanout.bench.recording.SummaryColumns.CONCURRENCY;
import static dev.fanout.bench.recording.SummaryColumns.ERRORS;
import static dev.fanout.bench.recording.SummaryColumns.EXECUTOR;
import static dev.fanout.bench.recording.SummaryColumns.FIRST_ERROR;
import static dev.fanout.bench.recording.SummaryColumns.HELD;
import static dev.fanout.bench.recording.SummaryColumns.IDEAL_MS;
import static dev.fanout.bench.recording.SummaryColumns.JMH_BENCHMARK;
import static dev.fanout.bench.recording.SummaryColumns.LATENCY_MS;
import static dev.fanout.bench.recording.SummaryColumns.MEAN_MS;
import static dev.fanout.bench.recording.SummaryColumns.MEAN_MS_INTERVAL;
import static dev.fanout.bench.recording.SummaryColumns.MODEL;
import static dev.fanout.bench.recording.SummaryColumns.N;
import static dev.fanout.bench.recording.SummaryColumns.OPS;
import static dev.fanout.bench.recording.SummaryColumns.P99_MS;
import static dev.fanout.bench.recording.SummaryColumns.POOLS;
import static dev.fanout.bench.recording.SummaryColumns.RATE;
import static dev.fanout.bench.recording.SummaryColumns.RATE_BOUND;
import static dev.fanout.bench.recording.SummaryColumns.RATIO_TO_BOUND;
import static dev.fanout.bench.recording.SummaryColumns.RATIO_TO_IDEAL;
import static dev.fanout.bench.recording.SummaryColumns.REQUESTS;
import static dev.fanout.bench.recording.SummaryColumns.RESPONSE_LIMIT_MS;
import static dev.fanout.bench.recording.SummaryColumns.STATUS;
import static dev.fanout.bench.recording.SummaryColumns.TRIAL;
import static dev.fanout.bench.recording.SummaryColumns.WORKLOAD;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.bench.clients.Client;
import dev.fanout.bench.recording.CannotWriteException;
import dev.fanout.bench.recording.SummaryRow;
import dev.fanout.bench.recording.TightBound;
import dev.fanout.bench.suite.Params;
import dev.fanout.bench.suite.Setting;
import dev.fanout.bench.suite.Workload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The run loop on its own, with a scripted server and trial runner: when it stops, what it keeps, its exit code. */
class RunLoopTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<String> events = new ArrayList<>();
    private boolean interrupted;

    /** A server that answers until {@code deadAfter} trials have run (never dies when negative). */
    private RunLoop.Server server(int deadAfter) {
        return new RunLoop.Server() {
            @Override
            public boolean answers() {
                return deadAfter < 0 || trialsRun() < deadAfter;
            }

            @Override
            public void resetStats() {
                events.add("reset");
            }

            @Override
            public Optional<JsonNode> stats() {
                return Optional.empty();
            }
        };
    }

    private long trialsRun() {
        return events.stream().filter(e -> e.startsWith("run ")).count();
    }

    /** A runner that answers each trial with the rows scripted for its n, in order. */
    private RunLoop.TrialRunner runner(Map<Integer, List<SummaryRow>> rowsByN) {
        return turn -> {
            Trial trial = turn.trial();
            events.add("run " + trial.setting().n());
            if (!rowsByN.containsKey(trial.setting().n())) {
                throw new RunLoop.Refused("another JMH holds its lock", null);
            }
            return rowsByN.get(trial.setting().n());
        };
    }

    @Test
    void everyTrialOkIsExitZeroWithEveryRowInOrder() throws Exception {
        RunLoop.Outcome outcome = loop(server(-1), runner(Map.of(1, List.of(row(1, "OK")), 2, List.of(row(2, "OK")))))
                .run(turns(1, 2));

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.rows()).extracting(r -> r.get(N)).containsExactly(1, 2);
        assertThat(outcome.stoppedBecause()).isNull();
        assertThat(events).containsExactly("reset", "run 1", "reset", "run 2");
        assertThat(text(out)).contains("[1/2] virtual_threads okhttp n=1 L=100 (ideal 100.0 ms) ... 120.0 ms (1.20 x ideal)")
                .contains("[2/2]");
    }

    /** A fork that found the disk full dies before recording: the run says why, once, and stops there. */
    @Test
    void aResultsFolderThatTakesNoMoreStopsTheRunWithTheSystemsReason() throws Exception {
        String full = "cannot write in the results folder /r: No space left on device";
        RunLoop.Storage fullAfterOne = () -> trialsRun() >= 2 ? full : null;
        RunLoop.Outcome outcome = loop(server(-1), runner(Map.of(1, List.of(row(1, "OK")), 2, List.of(), 3,
                List.of(row(3, "OK")))), fullAfterOne).run(turns(1, 2, 3));

        assertThat(outcome.stoppedBecause()).isEqualTo(full);
        assertThat(outcome.rows()).extracting(r -> r.get(N)).containsExactly(1);
        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(events).as("no trial after it").doesNotContain("run 3");
        assertThat(text(out)).contains("[2/3] virtual_threads okhttp n=2 L=100 (ideal 100.0 ms) ... FAIL: " + full)
                .doesNotContain("the fork died");
        assertThat(text(err).strip()).startsWith("error: " + full).hasLineCount(1);
    }

    @Test
    void aResultFileThatCannotBeWrittenStopsTheRunNamingIt() throws Exception {
        CannotWriteException full = new CannotWriteException(Path.of("/r/summary.csv"),
                new IOException("No space left on device"));
        RunLoop.TrialRunner failsOnTwo = turn -> {
            Trial trial = turn.trial();
            events.add("run " + trial.setting().n());
            if (trial.setting().n() == 2) {
                throw full;
            }
            return List.of(row(trial.setting().n(), "OK"));
        };
        RunLoop.Outcome outcome = loop(server(-1), failsOnTwo).run(turns(1, 2, 3));

        assertThat(outcome.stoppedBecause()).isEqualTo("cannot write /r/summary.csv: No space left on device");
        assertThat(outcome.rows()).extracting(r -> r.get(N)).containsExactly(1);
        assertThat(events).doesNotContain("run 3");
        assertThat(text(err).strip()).hasLineCount(1);
    }

    @Test
    void aTrialHeldByItsCpuFloorSaysSoBesideItsIdeal() {
        SummaryRow row = row(10_000, "OK");
        SummaryRow cpuBound = row.toBuilder().set(MEAN_MS, 300.0).set(RATIO_TO_IDEAL, 3.0)
                .set(BOUND_MS, 250.0).set(BOUND, TightBound.CPU).set(RATIO_TO_BOUND, 1.2).build();
        SummaryRow bothBound = row.toBuilder().set(MEAN_MS, 300.0).set(MEAN_MS_INTERVAL.low(), 280.0)
                .set(MEAN_MS_INTERVAL.high(), 340.5).set(RATIO_TO_IDEAL, 3.0).set(BOUND_MS, 260.0)
                .set(BOUND, TightBound.LATENCY_CPU).set(RATIO_TO_BOUND, 1.15).build();

        assertThat(RunLoop.describe(List.of(cpuBound))).isEqualTo("300.0 ms (3.00 x ideal, 1.20 x its CPU floor of 250.0 ms)");
        assertThat(RunLoop.describe(List.of(bothBound)))
                .isEqualTo("300.0 ms [280.0-340.5] (3.00 x ideal, 1.15 x its latency + CPU floor of 260.0 ms)");
        assertThat(RunLoop.describe(List.of(row))).isEqualTo("120.0 ms (1.20 x ideal)");
    }

    @Test
    void aFailedTrialIsKeptAndTheRunGoesOnButExitsOne() throws Exception {
        SummaryRow failed = row(1, "FAIL");
        RunLoop.Outcome outcome = loop(server(-1), runner(Map.of(1, List.of(failed), 2, List.of(row(2, "OK")))))
                .run(turns(1, 2));

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.rows()).hasSize(2);
        assertThat(text(out)).contains("FAIL: 3 of 10 requests failed");
    }

    @Test
    void whenTheServerStopsAnsweringTheRunStopsAndKeepsWhatItMeasured() throws Exception {
        RunLoop.Outcome outcome = loop(server(1), runner(Map.of(1, List.of(row(1, "OK")), 2, List.of(row(2, "OK")))))
                .run(turns(1, 2));

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.rows()).extracting(r -> r.get(N)).containsExactly(1);
        assertThat(outcome.stoppedBecause()).isEqualTo("the server stopped answering during virtual_threads okhttp n=1 L=100");
        assertThat(events).containsExactly("reset", "run 1");
        assertThat(text(err)).contains("error: the server stopped answering");
    }

    @Test
    void aTrialWhoseServerDiedIsToldByTheServersDeathNotAsAForkThatDied() throws Exception {
        RunLoop.Outcome outcome = loop(server(0), runner(Map.of(1, List.of(), 2, List.of()))).run(turns(1, 2));

        assertThat(outcome.rows()).isEmpty();
        assertThat(text(out)).contains("[1/2] virtual_threads okhttp n=1 L=100 (ideal 100.0 ms) ... "
                + "FAIL: the server stopped answering during the trial").doesNotContain("fork died");
        assertThat(trialsRun()).isEqualTo(1);
    }

    @Test
    void anInterruptedRunStopsWithoutBlamingTheServerOrTheTrial() throws Exception {
        RunLoop.TrialRunner interruptedDuringTheTrial = turn -> {
            Trial trial = turn.trial();
            events.add("run " + trial.setting().n());
            interrupted = true;
            return List.of();
        };
        RunLoop.Outcome outcome = loop(server(0), interruptedDuringTheTrial).run(turns(1, 2));

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.stoppedBecause()).isEqualTo("interrupted");
        assertThat(trialsRun()).isEqualTo(1);
        assertThat(text(err)).isEmpty();
        assertThat(text(out)).doesNotContain("FAIL");
    }

    @Test
    void whenJmhRefusesToRunTheRunStopsAtOnce() throws Exception {
        RunLoop.Outcome outcome = loop(server(-1), runner(Map.of(1, List.of(row(1, "OK"))))).run(turns(1, 2, 3));

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.rows()).hasSize(1);
        assertThat(outcome.stoppedBecause()).startsWith("JMH could not run virtual_threads okhttp n=2")
                .endsWith("another JMH holds its lock");
        assertThat(trialsRun()).isEqualTo(2);
    }

    @Test
    void aForkThatDiedBeforeRecordingLeavesNoRowAndFailsTheRun() throws Exception {
        RunLoop.Outcome outcome = loop(server(-1), runner(Map.of(1, List.of()))).run(turns(1));

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.rows()).isEmpty();
        assertThat(text(out)).contains("FAIL: no result (the fork died before recording; see jmh.log)");
    }

    /**
     * Interleaved, a trial's earlier turns record nothing yet and say so; its row comes with its last fork, and the run
     * counts trials, not turns.
     */
    @Test
    void aTrialWhoseForksRunInTurnsGivesItsRowAfterTheLast() throws Exception {
        Trial two = new Trial(setting(2), 100, OptionalDouble.empty(),
                new IterationPlan(2, 0, Duration.ZERO, 1, Duration.ofMillis(1)), 0);
        Turn one = Turn.whole(trial(setting(1)));
        RunLoop.TrialRunner runner = turn -> {
            events.add("run " + turn.label());
            return turn.last() ? List.of(row(turn.trial().setting().n(), "OK")) : List.of();
        };

        RunLoop.Outcome outcome = loop(server(-1), runner).run(List.of(new Turn(two, 1, 1), one, new Turn(two, 2, 1)));

        assertThat(events).containsExactly("reset", "run virtual_threads okhttp n=2 L=100 fork 1 of 2", "reset",
                "run virtual_threads okhttp n=1 L=100", "reset", "run virtual_threads okhttp n=2 L=100 fork 2 of 2");
        assertThat(outcome.rows()).extracting(r -> r.get(N)).containsExactly(1, 2);
        assertThat(outcome.planned()).isEqualTo(2);
        assertThat(outcome.exitCode()).isZero();
        assertThat(text(out)).contains("[1/3] virtual_threads okhttp n=2 L=100 fork 1 of 2 (ideal 100.0 ms) ... run (jmh.log"
                + " has its figures); the trial's come after its fork 2").contains("[3/3] virtual_threads okhttp n=2 L=100 fork 2 of 2"
                + " (ideal 100.0 ms) ... 120.0 ms (1.20 x ideal)").doesNotContain("FAIL");
    }

    /** A run that stops between a trial's turns keeps the trials it finished, and the unfinished one fails the run. */
    @Test
    void aRunStoppedBetweenATrialsTurnsKeepsOnlyTheTrialsItFinished() throws Exception {
        Trial two = new Trial(setting(2), 100, OptionalDouble.empty(),
                new IterationPlan(2, 0, Duration.ZERO, 1, Duration.ofMillis(1)), 0);
        RunLoop.TrialRunner runner = turn -> {
            events.add("run " + turn.label());
            return turn.last() ? List.of(row(turn.trial().setting().n(), "OK")) : List.of();
        };

        RunLoop.Outcome outcome = loop(server(2), runner).run(List.of(new Turn(two, 1, 1),
                Turn.whole(trial(setting(1))), new Turn(two, 2, 1)));

        assertThat(outcome.rows()).extracting(r -> r.get(N)).containsExactly(1);
        assertThat(outcome.stoppedBecause()).isEqualTo("the server stopped answering during virtual_threads okhttp n=1 L=100");
        assertThat(outcome.exitCode()).isEqualTo(1);
    }

    @Test
    void aSweepStopsAtItsFirstStepThatDoesNotHoldAndRecordsItsKneeAfterIt() throws Exception {
        Map<Integer, SummaryRow> steps = Map.of(100, step(10, 100, "OK", 110), 200, step(10, 200, "OK", 190),
                400, step(10, 400, "OK", 950));
        RunLoop.TrialRunner runner = turn -> {
            Trial trial = turn.trial();
            events.add("run " + trial.setting().rate());
            return List.of(steps.get(trial.setting().rate()));
        };
        List<Trial> sweep = List.of(100, 200, 400, 800).stream().map(rate -> trial(setting(10).atRate(rate))).toList();

        RunLoop.Outcome outcome = loop(server(-1), runner).run(sweep.stream().map(Turn::whole).toList());

        assertThat(events).containsExactly("reset", "run 100", "reset", "run 200", "reset", "run 400", "knee of 3");
        assertThat(outcome.rows()).extracting(r -> r.get(BENCHMARK)).containsExactly("service", "service", "service", "knee");
        assertThat(outcome.rows().get(3).get(RATE)).isEqualTo(200);
        assertThat(outcome.skipped()).isEqualTo(1);
        assertThat(outcome.exitCode()).as("the step past the knee is what a sweep looks for").isZero();
        assertThat(outcome.failed()).isZero();
        assertThat(text(out)).contains("[4/4] virtual_threads okhttp n=10 L=100 rate=800/s (ideal 100.0 ms) ... skipped: past the knee")
                .contains("knee: 200/s (at 400/s p99 950.0 ms, over the 200.0 ms limit)");
    }

    @Test
    void eachSweepHasItsOwnKneeAndAClosedLoopFailureBesideThemStillFailsTheRun() throws Exception {
        RunLoop.TrialRunner runner = turn -> {
            Trial trial = turn.trial();
            Setting setting = trial.setting();
            events.add("run " + setting.n() + "@" + setting.rate());
            if (!setting.inServiceMode()) {
                return List.of(row(setting.n(), "FAIL"));
            }
            return List.of(setting.n() == 10 ? step(10, setting.rate(), "OK", 150) : step(100, setting.rate(), "FAIL", 5_000));
        };
        List<Trial> trials = List.of(trial(setting(10).atRate(100)), trial(setting(10).atRate(200)),
                trial(setting(100).atRate(10)), trial(setting(100).atRate(20)), trial(setting(3)));

        RunLoop.Outcome outcome = loop(server(-1), runner).run(trials.stream().map(Turn::whole).toList());

        assertThat(events).containsExactly("reset", "run 10@100", "reset", "run 10@200", "knee of 2",
                "reset", "run 100@10", "knee of 1", "reset", "run 3@0");
        List<SummaryRow> knees = outcome.rows().stream().filter(r -> r.get(BENCHMARK).equals("knee")).toList();
        assertThat(knees).extracting(r -> r.get(N)).containsExactly(10, 100);
        assertThat(knees.get(0).get(RATE)).isEqualTo(200);
        assertThat(knees.get(0).get(FIRST_ERROR)).isEqualTo("every step held, up to 200/s: the knee is at least that");
        assertThat(knees.get(1).get(RATE)).as("no step held").isNull();
        assertThat(knees.get(1).get(STATUS)).isEqualTo("FAIL");
        assertThat(outcome.exitCode()).as("the closed-loop trial failed").isEqualTo(1);
        assertThat(outcome.failed()).as("the closed-loop trial; not the step that ended its sweep, nor the knee none held")
                .isEqualTo(1);
    }

    private RunLoop loop(RunLoop.Server server, RunLoop.TrialRunner runner) {
        return loop(server, runner, () -> null);
    }

    private RunLoop loop(RunLoop.Server server, RunLoop.TrialRunner runner, RunLoop.Storage storage) {
        RunLoop.KneeRecorder knees = (sweepLabel, steps) -> {
            events.add("knee of " + steps.size());
            return SummaryRow.knee(sweepLabel, steps);
        };
        return new RunLoop(server, runner, knees, storage, () -> interrupted,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** A trial of one fork for each n, each its own turn. */
    private static List<Turn> turns(int... ns) {
        List<Turn> turns = new ArrayList<>();
        for (int n : ns) {
            turns.add(Turn.whole(trial(setting(n))));
        }
        return turns;
    }

    private static Trial trial(Setting setting) {
        return new Trial(setting, 100, OptionalDouble.empty(), new IterationPlan(1, 0, Duration.ZERO, 1, Duration.ofMillis(1)),
                0);
    }

    private static Setting setting(int n) {
        return Setting.of(Params.WORKLOAD, Workload.virtual_threads, Params.CLIENT, Client.okhttp, Params.N, n,
                Params.LATENCY_MS, 100L);
    }

    private static SummaryRow row(int n, String status) {
        return row(setting(n), status, null);
    }

    /** A service step at {@code rate} whose p99 response time was {@code p99Ms} (its limit: 200 ms). */
    private static SummaryRow step(int n, int rate, String status, double p99Ms) {
        return row(setting(n).atRate(rate), status, p99Ms);
    }

    private static SummaryRow row(Setting setting, String status, Double p99Ms) {
        boolean ok = status.equals(SummaryRow.OK);
        boolean service = setting.inServiceMode();
        int n = setting.n();
        return SummaryRow.builder()
                .set(TRIAL, setting.label())
                .set(BENCHMARK, setting.benchmark())
                .set(WORKLOAD, "virtual_threads")
                .set(MODEL, "virtual_threads")
                .set(CLIENT, "okhttp")
                .set(POOLS, 1)
                .set(N, n)
                .set(LATENCY_MS, 100.0)
                .set(CONCURRENCY, n)
                .set(RATE, service ? setting.rate() : null)
                .set(ARRIVALS, service ? "uniform" : null)
                .set(OPS, ok ? 10L : 0L)
                .set(REQUESTS, 10L)
                .set(ERRORS, ok ? 0L : 3L)
                .set(MEAN_MS, ok ? 120.0 : null)
                .set(P99_MS, p99Ms)
                .set(ACHIEVED_RATE, service ? (double) setting.rate() : null)
                .set(RESPONSE_LIMIT_MS, service ? 200.0 : null)
                .set(RATE_BOUND, service ? 5_000.0 : null)
                .set(HELD, service ? ok && p99Ms <= 200 : null)
                .set(IDEAL_MS, 100.0)
                .set(RATIO_TO_IDEAL, ok ? 1.2 : null)
                .set(BOUND, TightBound.LATENCY)
                .set(RATIO_TO_BOUND, ok ? 1.2 : null)
                .set(STATUS, status)
                .set(JMH_BENCHMARK, Trial.CLOSED_LOOP_BENCHMARK)
                .set(EXECUTOR, "a new virtual thread per request")
                .set(FIRST_ERROR, ok ? null : "3 of 10 requests failed")
                .build();
    }

    private static String text(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
