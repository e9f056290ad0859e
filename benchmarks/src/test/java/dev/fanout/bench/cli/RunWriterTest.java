package dev.fanout.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.bench.clients.Client;
import dev.fanout.bench.recording.Footprint;
import dev.fanout.bench.recording.LatencyRecorder;
import dev.fanout.bench.recording.ResultsLayout;
import dev.fanout.bench.recording.SummaryRow;
import dev.fanout.bench.recording.TrialRecorder;
import dev.fanout.bench.recording.TrialScores;
import dev.fanout.bench.recording.TrialSpec;
import dev.fanout.bench.suite.Params;
import dev.fanout.bench.suite.Setting;
import dev.fanout.bench.suite.Workload;
import dev.fanout.bench.workload.ServerUsage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run's files as a stopped run leaves them: a trial is written whole, and once the run is interrupted
 * ({@link RunWriter#stop()}) a trial that finishes anyway is not written, so that summary.csv and jmh.json keep
 * agreeing with what the interruption reported.
 */
class RunWriterTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    /** The trial the writer is told of: only its place in the run reaches the row. */
    private static final Trial TRIAL = new Trial(Setting.of(Params.WORKLOAD, Workload.asyncio, Params.CLIENT,
            Client.aiohttp, Params.N, 10, Params.LATENCY_MS, 100L), 100, OptionalDouble.empty(), new IterationPlan(1,
            0, Duration.ZERO, 1, Duration.ofMillis(1)), 1);

    @TempDir
    Path dir;

    /** One fork's record of one measured op of {@code n} requests, as a fork leaves it under forks/. */
    private void recordFork(int n) {
        Setting setting = Setting.of(Params.WORKLOAD, Workload.asyncio, Params.CLIENT, Client.aiohttp, Params.N, n,
                Params.LATENCY_MS, 100L);
        TrialRecorder fork = new TrialRecorder(new TrialSpec(setting, "asyncio", n, "one event loop", 100, 0), dir, true,
                new LatencyRecorder());
        fork.iterationStarted(true);
        fork.latency().requestDone(0, 100 * MS);
        fork.opDone(0, 120 * MS, n, 0, null);
        fork.iterationEnded();
        fork.write();
    }

    private long summaryRows() throws IOException {
        return Files.readAllLines(ResultsLayout.summaryCsv(dir)).size() - 1;
    }

    @Test
    void aTrialFinishedAfterTheRunWasStoppedIsNotWritten() throws IOException {
        RunWriter writer = new RunWriter(dir, 2, SummaryRow.DEFAULT_LIMIT_PER_IDEAL);
        recordFork(10);
        assertThat(writer.add(TRIAL, new TrialScores(120.0, Footprint.NONE, List.of()), ServerUsage.NONE)).hasSize(1);
        assertThat(summaryRows()).isEqualTo(1);
        assertThat(Files.readString(ResultsLayout.jmhJson(dir)).strip()).isEqualTo("[\n]");

        writer.stop();
        recordFork(20);
        assertThat(writer.add(TRIAL, new TrialScores(120.0, Footprint.NONE, List.of()), ServerUsage.NONE)).isEmpty();

        assertThat(writer.rows()).hasSize(1);
        assertThat(summaryRows()).isEqualTo(1);
    }
}
