package dev.fanout.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.bench.clients.Client;
import dev.fanout.bench.recording.SummaryRow;
import dev.fanout.bench.suite.Setting;
import dev.fanout.bench.suite.Workload;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
        return trial -> {
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
                .run(trials(1, 2));

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.rows()).extracting(SummaryRow::n).containsExactly(1, 2);
        assertThat(outcome.stoppedBecause()).isNull();
        assertThat(events).containsExactly("reset", "run 1", "reset", "run 2");
        assertThat(text(out)).contains("[1/2] virtual_threads okhttp n=1 L=100 (ideal 100.0 ms) ... 120.0 ms (1.20 x ideal)")
                .contains("[2/2]");
    }

    @Test
    void aTrialHeldByItsCpuFloorSaysSoBesideItsIdeal() {
        SummaryRow row = row(10_000, "OK");
        SummaryRow cpuBound = new SummaryRow(row.trial(), row.benchmark(), row.workload(), row.model(), row.client(),
                row.pools(), row.n(), row.latencyMs(), row.k(), row.concurrency(), row.cpuUs(), row.ops(),
                row.requests(), row.errors(), 300.0, null, null, null, null, null, null, null, null, null, null, 100,
                3.0, 27.0, 23.0, 250.0, SummaryRow.CPU_BOUND, 1.2, row.status(), null, row.jmhBenchmark(), null,
                row.executor(), null, null, null, null, null, null, null, null, null, null, null);

        assertThat(RunLoop.describe(List.of(cpuBound))).isEqualTo("300.0 ms (3.00 x ideal, 1.20 x its CPU floor of 250.0 ms)");
        assertThat(RunLoop.describe(List.of(row))).isEqualTo("120.0 ms (1.20 x ideal)");
    }

    @Test
    void aFailedTrialIsKeptAndTheRunGoesOnButExitsOne() throws Exception {
        SummaryRow failed = row(1, "FAIL");
        RunLoop.Outcome outcome = loop(server(-1), runner(Map.of(1, List.of(failed), 2, List.of(row(2, "OK")))))
                .run(trials(1, 2));

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.rows()).hasSize(2);
        assertThat(text(out)).contains("FAIL: 3 of 10 requests failed");
    }

    @Test
    void whenTheServerStopsAnsweringTheRunStopsAndKeepsWhatItMeasured() throws Exception {
        RunLoop.Outcome outcome = loop(server(1), runner(Map.of(1, List.of(row(1, "OK")), 2, List.of(row(2, "OK")))))
                .run(trials(1, 2));

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.rows()).extracting(SummaryRow::n).containsExactly(1);
        assertThat(outcome.stoppedBecause()).isEqualTo("the server stopped answering during virtual_threads okhttp n=1 L=100");
        assertThat(events).containsExactly("reset", "run 1");
        assertThat(text(err)).contains("error: the server stopped answering");
    }

    @Test
    void aTrialWhoseServerDiedIsToldByTheServersDeathNotAsAForkThatDied() throws Exception {
        RunLoop.Outcome outcome = loop(server(0), runner(Map.of(1, List.of(), 2, List.of()))).run(trials(1, 2));

        assertThat(outcome.rows()).isEmpty();
        assertThat(text(out)).contains("[1/2] virtual_threads okhttp n=1 L=100 (ideal 100.0 ms) ... "
                + "FAIL: the server stopped answering during the trial").doesNotContain("fork died");
        assertThat(trialsRun()).isEqualTo(1);
    }

    @Test
    void anInterruptedRunStopsWithoutBlamingTheServerOrTheTrial() throws Exception {
        RunLoop.TrialRunner interruptedDuringTheTrial = trial -> {
            events.add("run " + trial.setting().n());
            interrupted = true;
            return List.of();
        };
        RunLoop.Outcome outcome = loop(server(0), interruptedDuringTheTrial).run(trials(1, 2));

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.stoppedBecause()).isEqualTo("interrupted");
        assertThat(trialsRun()).isEqualTo(1);
        assertThat(text(err)).isEmpty();
        assertThat(text(out)).doesNotContain("FAIL");
    }

    @Test
    void whenJmhRefusesToRunTheRunStopsAtOnce() throws Exception {
        RunLoop.Outcome outcome = loop(server(-1), runner(Map.of(1, List.of(row(1, "OK"))))).run(trials(1, 2, 3));

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.rows()).hasSize(1);
        assertThat(outcome.stoppedBecause()).startsWith("JMH could not run virtual_threads okhttp n=2")
                .endsWith("another JMH holds its lock");
        assertThat(trialsRun()).isEqualTo(2);
    }

    @Test
    void aForkThatDiedBeforeRecordingLeavesNoRowAndFailsTheRun() throws Exception {
        RunLoop.Outcome outcome = loop(server(-1), runner(Map.of(1, List.of()))).run(trials(1));

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.rows()).isEmpty();
        assertThat(text(out)).contains("FAIL: no result (the fork died before recording; see jmh.log)");
    }

    private RunLoop loop(RunLoop.Server server, RunLoop.TrialRunner runner) {
        return new RunLoop(server, runner, () -> interrupted, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static List<Trial> trials(int... ns) {
        List<Trial> trials = new ArrayList<>();
        for (int n : ns) {
            trials.add(new Trial(setting(n), 100, OptionalDouble.empty(),
                    new IterationPlan(1, 0, Duration.ZERO, 1, Duration.ofMillis(1))));
        }
        return trials;
    }

    private static Setting setting(int n) {
        return new Setting(Workload.virtual_threads, Client.okhttp, 1, n, 100, 0, 0, 0, 0, 0, null, true);
    }

    private static SummaryRow row(int n, String status) {
        boolean ok = status.equals(SummaryRow.OK);
        return new SummaryRow(setting(n).label(), "fetch_n", "virtual_threads", "virtual_threads", "okhttp", 1, n, 100, 0, n, 0,
                ok ? 10 : 0, 10, ok ? 0 : 3, ok ? 120.0 : null, null, null, null, null, null, null, null, null, null,
                null, 100, ok ? 1.2 : null, null, null, null, SummaryRow.LATENCY_BOUND, ok ? 1.2 : null, status, null,
                Trial.BENCHMARK, null, "a new virtual thread per request",
                null, null, null, null, null, null, null, null, ok ? null : "3 of 10 requests failed", null, null);
    }

    private static String text(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
