package dev.fanout.bench.recording;

import static dev.fanout.bench.recording.SummaryColumns.ACHIEVED_RATE;
import static dev.fanout.bench.recording.SummaryColumns.ALLOC_BYTES_PER_OP;
import static dev.fanout.bench.recording.SummaryColumns.BENCHMARK;
import static dev.fanout.bench.recording.SummaryColumns.BOUND;
import static dev.fanout.bench.recording.SummaryColumns.BOUND_MS;
import static dev.fanout.bench.recording.SummaryColumns.CLIENT_CPU_US_PER_REQUEST;
import static dev.fanout.bench.recording.SummaryColumns.CLIENT_CPU_US_PER_REQUEST_INTERVAL;
import static dev.fanout.bench.recording.SummaryColumns.CODE_WARM_UP_MS;
import static dev.fanout.bench.recording.SummaryColumns.CPU_FLOOR_MS;
import static dev.fanout.bench.recording.SummaryColumns.CPU_MS_PER_OP;
import static dev.fanout.bench.recording.SummaryColumns.DETAILS;
import static dev.fanout.bench.recording.SummaryColumns.DRAWS;
import static dev.fanout.bench.recording.SummaryColumns.ENDED_AT_RATE;
import static dev.fanout.bench.recording.SummaryColumns.ERRORS;
import static dev.fanout.bench.recording.SummaryColumns.EVERY_STEP_HELD;
import static dev.fanout.bench.recording.SummaryColumns.FIRST_ERROR;
import static dev.fanout.bench.recording.SummaryColumns.FORK;
import static dev.fanout.bench.recording.SummaryColumns.FORKS;
import static dev.fanout.bench.recording.SummaryColumns.HDR;
import static dev.fanout.bench.recording.SummaryColumns.HELD;
import static dev.fanout.bench.recording.SummaryColumns.INTERVAL_CONFIDENCE;
import static dev.fanout.bench.recording.SummaryColumns.JIT_SETTLED;
import static dev.fanout.bench.recording.SummaryColumns.JMH_PARAMS;
import static dev.fanout.bench.recording.SummaryColumns.LATENCY_CPU_FLOOR_MS;
import static dev.fanout.bench.recording.SummaryColumns.LATENESS_P99_MS;
import static dev.fanout.bench.recording.SummaryColumns.LATE_ARRIVALS;
import static dev.fanout.bench.recording.SummaryColumns.MEAN_MS;
import static dev.fanout.bench.recording.SummaryColumns.MEAN_MS_INTERVAL;
import static dev.fanout.bench.recording.SummaryColumns.MEASURED_FROM;
import static dev.fanout.bench.recording.SummaryColumns.OPS;
import static dev.fanout.bench.recording.SummaryColumns.P50_MS;
import static dev.fanout.bench.recording.SummaryColumns.P50_MS_INTERVAL;
import static dev.fanout.bench.recording.SummaryColumns.P99_MS;
import static dev.fanout.bench.recording.SummaryColumns.RATE;
import static dev.fanout.bench.recording.SummaryColumns.RATE_BOUND;
import static dev.fanout.bench.recording.SummaryColumns.RATIO_TO_BOUND;
import static dev.fanout.bench.recording.SummaryColumns.RATIO_TO_BOUND_INTERVAL;
import static dev.fanout.bench.recording.SummaryColumns.RATIO_TO_IDEAL;
import static dev.fanout.bench.recording.SummaryColumns.REQUESTS;
import static dev.fanout.bench.recording.SummaryColumns.REQUEST_MAX_MS;
import static dev.fanout.bench.recording.SummaryColumns.REQUEST_P50_MS;
import static dev.fanout.bench.recording.SummaryColumns.REQUEST_P999_MS;
import static dev.fanout.bench.recording.SummaryColumns.RESPONSE_LIMIT_MS;
import static dev.fanout.bench.recording.SummaryColumns.RUN_ORDER;
import static dev.fanout.bench.recording.SummaryColumns.SERVER_CPU_US_PER_REQUEST;
import static dev.fanout.bench.recording.SummaryColumns.SERVER_CPU_US_PER_REQUEST_INTERVAL;
import static dev.fanout.bench.recording.SummaryColumns.SERVER_LATE;
import static dev.fanout.bench.recording.SummaryColumns.SERVER_LATENESS_P99_MS;
import static dev.fanout.bench.recording.SummaryColumns.SERVER_MAX_CONNECTIONS;
import static dev.fanout.bench.recording.SummaryColumns.SERVICE_P99_MS;
import static dev.fanout.bench.recording.SummaryColumns.SPREAD_OVER;
import static dev.fanout.bench.recording.SummaryColumns.STATUS;
import static dev.fanout.bench.recording.SummaryColumns.STEAL_PERCENT;
import static dev.fanout.bench.recording.SummaryColumns.TRIAL;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogProcessor;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import dev.fanout.bench.clients.Client;
import dev.fanout.bench.suite.Params;
import dev.fanout.bench.suite.Setting;
import dev.fanout.bench.suite.Workload;
import dev.fanout.bench.workload.ServerUsage;
import dev.fanout.bench.workload.ServiceLoop;
import org.junit.jupiter.api.io.TempDir;

/** The fork side (TrialRecorder) and the launcher side (TrialMerger, SummaryRow, CsvTable) of the results. */
class TrialRecordingTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    /** Service steps are judged by the launcher's default limit unless a test says otherwise. */
    private static final double LIMIT = SummaryRow.DEFAULT_LIMIT_PER_IDEAL;
    private static final Setting SETTING = Setting.of(Params.WORKLOAD, Workload.virtual_threads, Params.CLIENT,
            Client.okhttp, Params.N, 10, Params.LATENCY_MS, 100L);
    private static final TrialSpec SPEC = new TrialSpec(SETTING, "dev.fanout.bench.jmh.FanOutBenchmark.fanOut", 10,
            "a new virtual thread per request", 100, 0);

    @TempDir
    Path dir;

    /** JMH's scores over every fork, with none of each fork's: the row gives the pooled figures, as with one draw. */
    private static TrialScores pooled(Double meanMs, Footprint footprint) {
        return new TrialScores(meanMs, footprint, List.of());
    }

    @Test
    void warmUpIsNotRecordedAndForksAddUp() throws IOException {
        recordFork(new long[] {110, 120}, new long[] {130});
        recordFork(new long[] {140}, new long[] {150, 160});

        Optional<MergedTrial> merged = TrialMerger.merge(dir, SETTING);

        assertThat(merged).hasValueSatisfying(trial -> {
            assertThat(trial.forks()).hasSize(2);
            assertThat(trial.ops()).isEqualTo(6);
            assertThat(trial.requests()).isEqualTo(60);
            assertThat(trial.errors()).isZero();
            assertThat(trial.opMicros().getTotalCount()).isEqualTo(6);
            assertThat(trial.opMicros().getMinValue()).isCloseTo(110_000, withinPercentage(0.1));
            assertThat(trial.opMicros().getMaxValue()).isCloseTo(160_000, withinPercentage(0.1));
            assertThat(trial.requestMicros().getTotalCount()).isEqualTo(60);
        });
        assertThat(dir.resolve("forks")).doesNotExist();
        Path stem = dir.resolve(ResultsLayout.histograms(SETTING));
        assertThat(readLog(ResultsLayout.sibling(stem, ".op.hlog"))).hasSize(4)
                .extracting(Histogram::getTotalCount).containsExactly(2L, 1L, 1L, 2L);
        assertThat(Files.readString(ResultsLayout.sibling(stem, ".op.hgrm")))
                .contains("Value     Percentile TotalCount 1/(1-Percentile)")
                .contains("#[Mean    =      135.");
        assertThat(ResultsLayout.sibling(stem, ".request.hgrm")).isNotEmptyFile();
    }

    /**
     * The warm-up runs the recording code the measured ops run (a recorder switched off in the warm-up left the JIT's
     * code for it cold, and the first measured ops paid to compile it); what it recorded is gone when measuring starts.
     */
    @Test
    void aWarmUpOpRunsTheRecordingCodeAndMeasuringStartsEmpty() {
        LatencyRecorder latency = new LatencyRecorder();
        TrialRecorder fork = new TrialRecorder(SPEC, null, true, latency);
        fork.iterationStarted(false);
        simulateOp(fork, 5_000);

        assertThat(latency.interval(LatencyKind.OP).getTotalCount()).as("the warm-up op, recorded").isEqualTo(1);
        assertThat(latency.interval(LatencyKind.REQUEST).getTotalCount()).as("its requests, recorded").isEqualTo(10);

        simulateOp(fork, 5_000);
        fork.iterationEnded();
        fork.iterationStarted(true);
        simulateOp(fork, 120);

        assertThat(latency.interval(LatencyKind.OP)).satisfies(ops -> {
            assertThat(ops.getTotalCount()).isEqualTo(1);
            assertThat(ops.getMaxValue()).isCloseTo(120_000, withinPercentage(0.1));
        });
        assertThat(latency.interval(LatencyKind.REQUEST).getTotalCount()).isEqualTo(10);
    }

    /**
     * The warm-up's rehearsal of an iteration's end reads every kind's interval, as a measured iteration's end does
     * (each read flips the recorder's phase, which the recording code branches on), and drops what it read.
     */
    @Test
    void rehearsingAnIterationsEndReadsAndDropsEveryKindsInterval() {
        LatencyRecorder latency = new LatencyRecorder();
        latency.requestDone(0, TimeUnit.MILLISECONDS.toNanos(100));
        latency.opDone(0, TimeUnit.MILLISECONDS.toNanos(120));
        latency.arrivalDone(0, TimeUnit.MILLISECONDS.toNanos(5), TimeUnit.MILLISECONDS.toNanos(130));

        latency.rehearseIterationEnd();

        assertThat(LatencyKind.values()).allSatisfy(kind ->
                assertThat(latency.interval(kind).getTotalCount()).as(kind.name()).isZero());
    }

    @Test
    void aFailedOpIsWrittenAtOnceAndTheRowSaysFail() throws IOException {
        TrialRecorder fork = new TrialRecorder(SPEC, dir, true, new LatencyRecorder());
        fork.iterationStarted(true);
        fork.opDone(0, 150 * MS, 10, 3, "UnexpectedResponseException: HTTP 500");

        MergedTrial trial = TrialMerger.merge(dir, SETTING).orElseThrow();
        SummaryRow row = SummaryRow.of(trial, pooled(null, Footprint.NONE), ServerUsage.NONE, 2, LIMIT, 1);

        assertThat(row.get(STATUS)).isEqualTo(SummaryRow.FAIL);
        assertThat(row.get(ERRORS)).isEqualTo(3);
        assertThat(row.get(REQUESTS)).isEqualTo(10);
        assertThat(row.get(FIRST_ERROR)).isEqualTo("UnexpectedResponseException: HTTP 500");
        assertThat(row.get(MEAN_MS)).isNull();
    }

    @Test
    void aTimeBelowTheIdealIsInvalidNotFast() throws IOException {
        recordFork(new long[] {120}, new long[] {120});
        MergedTrial trial = TrialMerger.merge(dir, SETTING).orElseThrow();

        assertThat(SummaryRow.of(trial, pooled(99.9, Footprint.NONE), ServerUsage.NONE, 2, LIMIT, 1).get(STATUS))
                .isEqualTo(SummaryRow.INVALID);
        SummaryRow ok = SummaryRow.of(trial, pooled(123.456789, Footprint.NONE), new ServerUsage(0.5, 10L, null, null, 3L, 0L), 2, LIMIT, 1);
        assertThat(ok.get(STATUS)).isEqualTo(SummaryRow.OK);
        assertThat(ok.get(MEAN_MS)).isEqualTo(123.457);
        assertThat(ok.get(RATIO_TO_IDEAL)).isEqualTo(1.2346);
        assertThat(ok.get(P50_MS)).isBetween(119.9, 120.2);
        assertThat(ok.get(REQUEST_P50_MS)).as("requests of 100 to 109 ms").isBetween(104.0, 105.1);
        assertThat(ok.get(REQUEST_MAX_MS)).isBetween(108.9, 109.1);
        assertThat(ok.get(REQUEST_P999_MS)).isLessThanOrEqualTo(ok.get(REQUEST_MAX_MS));
    }

    @Test
    void withRecordingOffTheCountsRemainAndTheTimesAreBlank() throws IOException {
        TrialRecorder fork = new TrialRecorder(SPEC, dir, false, new LatencyRecorder());
        fork.iterationStarted(true);
        fork.opDone(0, 120 * MS, 10, 0, null);
        fork.iterationEnded();
        fork.write();

        MergedTrial trial = TrialMerger.merge(dir, SETTING).orElseThrow();
        SummaryRow row = SummaryRow.of(trial, pooled(120.0, Footprint.NONE), ServerUsage.NONE, 2, LIMIT, 1);

        assertThat(row.get(OPS)).isEqualTo(1);
        assertThat(row.get(P50_MS)).isNull();
        assertThat(row.get(HDR)).isNull();
        assertThat(dir.resolve(ResultsLayout.histograms(SETTING) + ".op.hgrm")).doesNotExist();
    }

    @Test
    void summaryCsvRoundTripsWithTheContractHeader() throws IOException {
        recordFork(new long[] {120}, new long[] {130});
        SummaryRow row = SummaryRow.of(TrialMerger.merge(dir, SETTING).orElseThrow(), pooled(125.0, new Footprint(30.0, 140.5, 100.0, 2.0e6, 55.0, 3.0, 0.0)), new ServerUsage(0.3, 10L, 500.0, 10_000L, 3L, 0L), 2, LIMIT, 1);
        Path csv = ResultsLayout.summaryCsv(dir);

        CsvTable.write(csv, List.of(row), SummaryColumns.ALL);

        assertThat(Files.readAllLines(csv).get(0)).isEqualTo(SummaryColumns.ALL.stream().map(Column::name)
                .collect(java.util.stream.Collectors.joining(",")));
        assertThat(Files.readAllLines(csv).get(0)).startsWith("trial,benchmark,workload,model,client,protocol,pools,n,latency_ms,k,"
                + "concurrency,cpu_us,rate,arrivals,ops,requests,errors,forks,spread_over,draws,interval_confidence,"
                + "mean_ms,mean_ms_lo,mean_ms_hi,p50_ms,p50_ms_lo,p50_ms_hi,p90_ms,p99_ms");
        assertThat(CsvTable.read(csv, SummaryColumns.ALL)).containsExactly(row);
        assertThat(row.get(HDR)).isEqualTo("hdr/fetch_n/virtual_threads-okhttp-n10-l100-c0");
        assertThat(dir.resolve(row.get(HDR) + ".request.hgrm")).isNotEmptyFile();
        assertThat(row.get(JMH_PARAMS)).startsWith("arrangement=-;client=okhttp;").contains(";n=10;")
                .endsWith(";workload=virtual_threads").isEqualTo(SETTING.params().entrySet().stream()
                        .map(param -> param.getKey() + "=" + param.getValue()).sorted()
                        .collect(java.util.stream.Collectors.joining(";")));
    }

    @Test
    void theThreeBoundsStandBesideEachOtherAndTheHighestIsTheOneARowIsJudgedBy() throws IOException {
        recordFork(new long[] {120}, new long[] {130});
        MergedTrial trial = TrialMerger.merge(dir, SETTING).orElseThrow();

        // 10 requests: 5.5 ms of client CPU an op (550 µs a request) and 50 µs of server CPU a request, on 2 cores: the
        // CPU bound is (5.5 + 0.5) / 2 = 3 ms; the latency + CPU bound L + 6 / (2 x 2) = 101.5 ms, above the 100 ms ideal.
        SummaryRow light = SummaryRow.of(trial, pooled(125.0, new Footprint(30.0, 140.5, 100.0, 2.0e6, 5.5, 3.0, 0.0)),
                new ServerUsage(0.3, 10L, 500.0, 10_000L, 3L, 0L), 2, LIMIT, 1);
        assertThat(light.get(CLIENT_CPU_US_PER_REQUEST)).isEqualTo(550.0);
        assertThat(light.get(SERVER_CPU_US_PER_REQUEST)).isEqualTo(50.0);
        assertThat(light.get(CPU_FLOOR_MS)).isEqualTo(3.0);
        assertThat(light.get(LATENCY_CPU_FLOOR_MS)).isEqualTo(101.5);
        assertThat(light.get(BOUND)).isEqualTo(TightBound.LATENCY_CPU);
        assertThat(light.get(BOUND_MS)).isEqualTo(101.5);
        assertThat(light.get(RATIO_TO_BOUND)).isEqualTo(1.2315);
        assertThat(light.get(RATIO_TO_IDEAL)).isEqualTo(1.25);

        // 300 ms of client CPU an op cannot go faster than 150 ms on 2 cores, above the 100 ms ideal; and no faster than
        // L + 300.5 / 4 = 175.125 ms, since half of each request's CPU comes before or after every wait.
        SummaryRow heavy = SummaryRow.of(trial, pooled(180.0, new Footprint(30.0, 140.5, 100.0, 2.0e6, 300.0, 3.0, 0.0)),
                new ServerUsage(0.3, 10L, 500.0, 10_000L, 3L, 0L), 2, LIMIT, 1);
        assertThat(heavy.get(CPU_FLOOR_MS)).isEqualTo(150.25);
        assertThat(heavy.get(LATENCY_CPU_FLOOR_MS)).isEqualTo(175.125);
        assertThat(heavy.get(BOUND)).isEqualTo(TightBound.LATENCY_CPU);
        assertThat(heavy.get(RATIO_TO_BOUND)).isEqualTo(1.0278);

        SummaryRow unknown = SummaryRow.of(trial, pooled(180.0, Footprint.NONE), ServerUsage.NONE, 2, LIMIT, 1);
        assertThat(unknown.get(CPU_FLOOR_MS)).isNull();
        assertThat(unknown.get(LATENCY_CPU_FLOOR_MS)).isNull();
        assertThat(unknown.get(BOUND)).isEqualTo(TightBound.LATENCY);
        assertThat(unknown.get(RATIO_TO_BOUND)).isEqualTo(unknown.get(RATIO_TO_IDEAL));
    }

    /**
     * Three forks, three launches: each figure of the row is the median of the forks' own, and their range its interval
     * at 75%; forks.csv keeps each fork's figures, numbered in the order the forks claimed them.
     */
    /** A server whose timers fire more than 50 ms late set part of the op's time, and its row says so. */
    @Test
    void aRowSaysWhenTheServerWasLate() throws IOException {
        TrialRecorder fork = new TrialRecorder(SPEC, dir, true, new LatencyRecorder());
        fork.iterationStarted(true);
        simulateOp(fork, 600);
        fork.iterationEnded();
        fork.serverSaid(new ServerUsage(495.1, 100_000L, null, null, 2L, 100_000L));
        fork.write();

        SummaryRow row = SummaryRow.of(TrialMerger.merge(dir, SETTING).orElseThrow(), pooled(600.0, Footprint.NONE),
                ServerUsage.NONE, 2, LIMIT, 1);

        assertThat(row.get(SERVER_LATENESS_P99_MS)).isEqualTo(495.1);
        assertThat(row.get(SERVER_LATE)).isTrue();
        assertThat(row.get(SERVER_MAX_CONNECTIONS)).isEqualTo(2L);
    }

    @Test
    void aTrialOfSeveralForksGivesTheMedianOfItsForksAndTheirRange() throws IOException {
        double[] serverCpuMs = {10, 20, 15};
        for (int i = 0; i < 3; i++) {
            Clock measuredAt = Clock.fixed(Instant.parse("2026-12-07T16:00:00Z").plusSeconds(20L * i), ZoneOffset.UTC);
            TrialRecorder fork = new TrialRecorder(SPEC, dir, true, new LatencyRecorder(), measuredAt);
            assertThat(fork.fork()).isEqualTo(i + 1);
            fork.iterationStarted(true);
            simulateOp(fork, 110 + 40L * i);
            fork.iterationEnded();
            fork.serverUsed(serverCpuMs[i], 500);
            fork.serverSaid(new ServerUsage(1.5 + i, 10L, null, null, 1L + i, null));
            fork.machineCpu(new SystemCpu(i, 100));
            fork.codeWarmedUp(6000 - 1000L * i, 80_000, i > 0);
            fork.write();
        }
        MergedTrial trial = TrialMerger.merge(dir, SETTING).orElseThrow();
        TrialScores scores = new TrialScores(151.0, footprint(6.0), List.of(fork(112.0, 5.0), fork(150.0, 7.0),
                fork(191.0, 6.0)));

        SummaryRow row = SummaryRow.of(trial, scores, ServerUsage.NONE, 2, LIMIT, 7);

        assertThat(row.get(FORKS)).isEqualTo(3);
        assertThat(row.get(SPREAD_OVER)).isEqualTo("forks");
        assertThat(row.get(DRAWS)).isEqualTo(3);
        assertThat(row.get(INTERVAL_CONFIDENCE)).isEqualTo(0.75);
        assertThat(List.of(row.get(MEAN_MS), row.get(MEAN_MS_INTERVAL.low()), row.get(MEAN_MS_INTERVAL.high())))
                .as("JMH's mean of each fork, not the pooled 151").containsExactly(150.0, 112.0, 191.0);
        assertThat(row.get(P50_MS)).as("each fork's one op: 110, 150, 190 ms").isBetween(149.9, 150.1);
        assertThat(row.get(P50_MS_INTERVAL.low())).isBetween(109.9, 110.1);
        assertThat(row.get(CLIENT_CPU_US_PER_REQUEST)).isEqualTo(600.0);
        assertThat(row.get(CLIENT_CPU_US_PER_REQUEST_INTERVAL.low())).isEqualTo(500.0);
        assertThat(row.get(SERVER_CPU_US_PER_REQUEST)).isEqualTo(30.0);
        assertThat(row.get(SERVER_CPU_US_PER_REQUEST_INTERVAL.high())).isEqualTo(40.0);
        assertThat(row.get(SERVER_LATENESS_P99_MS)).as("the worst fork's").isEqualTo(3.5);
        assertThat(row.get(SERVER_LATE)).as("3.5 ms is no lateness that sets an op's time").isFalse();
        assertThat(row.get(SERVER_MAX_CONNECTIONS)).as("the worst fork's").isEqualTo(3L);
        assertThat(row.get(STEAL_PERCENT)).as("the median fork's 1 tick of 100").isEqualTo(1.0);
        assertThat(row.get(RUN_ORDER)).isEqualTo(7);
        assertThat(row.get(RATIO_TO_BOUND)).isBetween(row.get(RATIO_TO_BOUND_INTERVAL.low()),
                row.get(RATIO_TO_BOUND_INTERVAL.high()));

        List<SummaryRow> forks = SummaryRow.forkRows(trial, scores, 2);
        assertThat(forks).extracting(fork -> fork.get(FORK)).containsExactly(1, 2, 3);
        assertThat(forks).extracting(fork -> fork.get(MEAN_MS)).containsExactly(112.0, 150.0, 191.0);
        assertThat(forks).extracting(fork -> fork.get(SERVER_CPU_US_PER_REQUEST)).containsExactly(20.0, 40.0, 30.0);
        assertThat(forks).extracting(fork -> fork.get(CODE_WARM_UP_MS)).as("each fork's own warm-up")
                .containsExactly(6000L, 5000L, 4000L);
        assertThat(forks).extracting(fork -> fork.get(JIT_SETTLED)).containsExactly(false, true, true);
        assertThat(forks).extracting(fork -> fork.get(MEASURED_FROM))
                .containsExactly("2026-12-07T16:00:00Z", "2026-12-07T16:00:20Z", "2026-12-07T16:00:40Z");
    }

    /** One fork: its measured iterations are the draws, which show less than forks would, and the row says so. */
    @Test
    void aTrialOfOneForkGivesTheMedianOfItsIterations() throws IOException {
        TrialRecorder fork = new TrialRecorder(SPEC, dir, true, new LatencyRecorder());
        for (long opMs : new long[] {120, 125, 180}) {
            fork.iterationStarted(true);
            simulateOp(fork, opMs);
            fork.iterationEnded();
            fork.serverUsed(10, 500);
        }
        fork.write();
        MergedTrial trial = TrialMerger.merge(dir, SETTING).orElseThrow();
        List<TrialScores.Iteration> iterations = List.of(new TrialScores.Iteration(120.0, footprint(5.0)),
                new TrialScores.Iteration(125.0, footprint(5.5)), new TrialScores.Iteration(180.0, footprint(9.0)));
        TrialScores scores = new TrialScores(141.7, footprint(6.5),
                List.of(new TrialScores.Fork(141.7, footprint(6.5), iterations)));

        SummaryRow row = SummaryRow.of(trial, scores, ServerUsage.NONE, 2, LIMIT, 1);

        assertThat(row.get(SPREAD_OVER)).isEqualTo("iterations");
        assertThat(row.get(FORKS)).isEqualTo(1);
        assertThat(List.of(row.get(MEAN_MS), row.get(MEAN_MS_INTERVAL.low()), row.get(MEAN_MS_INTERVAL.high())))
                .containsExactly(125.0, 120.0, 180.0);
        assertThat(row.get(CLIENT_CPU_US_PER_REQUEST)).isEqualTo(550.0);
        assertThat(row.get(SERVER_CPU_US_PER_REQUEST_INTERVAL.low())).isEqualTo(20.0);
        assertThat(SummaryRow.forkRows(trial, scores, 2)).singleElement()
                .satisfies(only -> assertThat(only.get(MEAN_MS)).isEqualTo(141.7));
    }

    /**
     * A fork whose set-up failed (the connection warm-up of 10,000 requests timed out, in a reference run) measured
     * nothing and left JMH no score: the others are the draws, and the trial fails, saying why.
     */
    @Test
    void aForkWhoseSetUpFailedFailsTheTrialAndTheOthersAreItsDraws() throws IOException {
        recordFork(new long[] {120});
        new TrialRecorder(SPEC, dir, true, new LatencyRecorder())
                .setUpFailed(new IllegalStateException("the connection warm-up failed: timeout"));
        recordFork(new long[] {140});
        MergedTrial trial = TrialMerger.merge(dir, SETTING).orElseThrow();
        TrialScores scores = new TrialScores(130.0, footprint(6.0), List.of(fork(120.0, 5.0), fork(140.0, 7.0)));

        SummaryRow row = SummaryRow.of(trial, scores, ServerUsage.NONE, 2, LIMIT, 1);

        assertThat(row.get(STATUS)).isEqualTo(SummaryRow.FAIL);
        assertThat(row.get(FIRST_ERROR)).isEqualTo("set-up failed: the connection warm-up failed: timeout");
        assertThat(row.get(FORKS)).as("the forks run").isEqualTo(3);
        assertThat(row.get(SPREAD_OVER)).isEqualTo("forks");
        assertThat(row.get(DRAWS)).as("the forks that measured").isEqualTo(2);
        assertThat(List.of(row.get(MEAN_MS_INTERVAL.low()), row.get(MEAN_MS_INTERVAL.high()))).containsExactly(120.0, 140.0);
        assertThat(SummaryRow.forkRows(trial, scores, 2)).extracting(fork -> fork.get(FORK)).containsExactly(1, 3);
    }

    /** A fork that failed left JMH no score: the forks cannot be paired, so the row keeps the pooled figures. */
    @Test
    void forksThatCannotBePairedWithJmhsScoresLeaveThePooledFigures() throws IOException {
        recordFork(new long[] {120});
        recordFork(new long[] {130});
        MergedTrial trial = TrialMerger.merge(dir, SETTING).orElseThrow();

        SummaryRow row = SummaryRow.of(trial, new TrialScores(125.0, Footprint.NONE, List.of(fork(120.0, 5.0))),
                ServerUsage.NONE, 2, LIMIT, 1);

        assertThat(row.get(MEAN_MS)).isEqualTo(125.0);
        assertThat(row.get(SPREAD_OVER)).isNull();
        assertThat(row.get(MEAN_MS_INTERVAL.low())).isNull();
        assertThat(SummaryRow.forkRows(trial, new TrialScores(125.0, Footprint.NONE, List.of(fork(120.0, 5.0))), 2))
                .isEmpty();
    }

    private static Footprint footprint(double cpuMsPerOp) {
        return new Footprint(20.0, 100.0, 60.0, 1e6, cpuMsPerOp, 1.0, null);
    }

    private static TrialScores.Fork fork(double meanMs, double cpuMsPerOp) {
        return new TrialScores.Fork(meanMs, footprint(cpuMsPerOp), List.of());
    }

    /**
     * A trial whose CPU is known only over its whole fork (asyncio's Python process), not by iteration: its draws, the
     * iterations, carry no CPU, and the row is held to the bound the whole fork's CPU gives, not to the latency alone.
     */
    @Test
    void drawsWithoutTheTrialsCpuAreHeldToTheTrialsBound() throws IOException {
        recordFork(new long[] {170}, new long[] {190});
        MergedTrial trial = TrialMerger.merge(dir, SETTING).orElseThrow();
        Footprint whole = new Footprint(30.0, 140.5, 100.0, 2.0e6, 300.0, 3.0, 0.0);
        TrialScores scores = new TrialScores(180.0, whole, List.of(new TrialScores.Fork(180.0, whole,
                List.of(new TrialScores.Iteration(170.0, Footprint.NONE), new TrialScores.Iteration(190.0, Footprint.NONE)))));

        SummaryRow row = SummaryRow.of(trial, scores, new ServerUsage(0.3, 10L, 500.0, 10_000L, 3L, 0L), 2, LIMIT, 1);

        assertThat(row.get(DRAWS)).isEqualTo(2);
        assertThat(row.get(BOUND)).isEqualTo(TightBound.LATENCY_CPU);
        assertThat(row.get(BOUND_MS)).isEqualTo(175.125);
        assertThat(row.get(RATIO_TO_BOUND)).isEqualTo(1.0278);
    }

    /**
     * The server's CPU per request is the forks' measured iterations', not the whole trial's that the launcher reads
     * at its end (whose warm-up ran tens of thousands of requests at L = 0): two forks, 30 ms over 1000 requests.
     */
    @Test
    void theServersCpuIsTheMeasuredIterationsOfEveryFork() throws IOException {
        for (double cpuMs : new double[] {10, 20}) {
            TrialRecorder fork = new TrialRecorder(SPEC, dir, true, new LatencyRecorder());
            fork.iterationStarted(true);
            simulateOp(fork, 120);
            fork.iterationEnded();
            fork.serverUsed(cpuMs, 500);
            fork.write();
        }
        MergedTrial trial = TrialMerger.merge(dir, SETTING).orElseThrow();
        assertThat(trial.serverCpuMicrosPerRequest()).isEqualTo(30.0);

        SummaryRow row = SummaryRow.of(trial, pooled(120.0, Footprint.NONE), new ServerUsage(0.3, 10L, 5_000.0, 10_000L, 3L, 0L), 2, LIMIT, 1);
        assertThat(row.get(SERVER_CPU_US_PER_REQUEST)).as("not the whole trial's 500 µs").isEqualTo(30.0);
        assertThat(row.get(SERVER_LATENESS_P99_MS)).as("the trial's lateness, from the launcher").isEqualTo(0.3);
    }

    /**
     * In an interleaved run another trial's first fork waits under forks/ while a trial is merged: merging takes only
     * the trial named, and the last trial merged leaves no forks/ behind.
     */
    @Test
    void mergingATrialLeavesAnotherTrialsStagedForks() throws IOException {
        Setting other = Setting.of(Params.WORKLOAD, Workload.virtual_threads, Params.CLIENT, Client.okhttp, Params.N, 20,
                Params.LATENCY_MS, 100L);
        TrialRecorder staged = new TrialRecorder(new TrialSpec(other, SPEC.jmhBenchmark(), 20, SPEC.executor(), 100, 0), dir,
                true, new LatencyRecorder());
        staged.iterationStarted(true);
        simulateOp(staged, 130);
        staged.iterationEnded();
        staged.write();
        recordFork(new long[] {120});
        recordFork(new long[] {140});

        assertThat(TrialMerger.merge(dir, SETTING)).hasValueSatisfying(t -> assertThat(t.forks()).hasSize(2));
        assertThat(ResultsLayout.forkFiles(dir, SETTING)).doesNotExist();
        assertThat(ResultsLayout.forkFiles(dir, other)).isDirectory();

        assertThat(TrialMerger.merge(dir, other)).hasValueSatisfying(t -> {
            assertThat(t.forks()).hasSize(1);
            assertThat(t.spec().setting()).isEqualTo(other);
        });
        assertThat(dir.resolve("forks")).doesNotExist();
        assertThat(TrialMerger.merge(dir, other)).as("nothing left to merge").isEmpty();
    }

    @Test
    void theLogsOpenInHdrHistogramsOwnLogProcessorAsWritten() throws Exception {
        recordFork(new long[] {110, 120}, new long[] {130});
        TrialMerger.merge(dir, SETTING);
        Path stem = dir.resolve(ResultsLayout.histograms(SETTING));
        Path processed = dir.resolve("processed");

        new HistogramLogProcessor(new String[] {"-i", stem + ".op.hlog", "-o", processed.toString(),
                "-outputValueUnitRatio", "1000"}).run();

        // The processor's own percentile file, in ms: the 3 ops of the two measured iterations, 110 to 130 ms.
        String percentiles = Files.readString(dir.resolve("processed.hgrm"));
        assertThat(percentiles).containsPattern("(?m)^ +110\\.\\d+ 0\\.0+ +1 ")
                .containsPattern("#\\[Max += +130\\.\\d+, Total count += +3\\]");
    }

    @Test
    void aServiceStepCountsArrivalsAsOpsAndTurnsTheProfilersFiguresPerWindowIntoFiguresPerFanOut() throws IOException {
        Setting step = SETTING.atRate(100);
        TrialRecorder fork = new TrialRecorder(new TrialSpec(step, "dev.fanout.bench.jmh.ServiceBenchmark.serve", 10,
                "a new virtual thread per request", 100, 0), dir, true, new LatencyRecorder());
        for (boolean measured : new boolean[] {false, true, true}) {
            fork.iterationStarted(measured);
            // 200 arrivals a 2 s window: the first 190 on time and done in 110 ms, the last ten 50 ms late.
            for (int i = 0; i < 200; i++) {
                long late = i >= 190 ? 50 * MS : 0;
                fork.latency().arrivalDone(i * 10 * MS, i * 10 * MS + late, i * 10 * MS + late + 110 * MS);
            }
            fork.windowDone(new ServiceLoop.Window(200, 10, 0, null, 2_000 * MS), 10);
            fork.iterationEnded();
        }
        fork.write();

        MergedTrial trial = TrialMerger.merge(dir, step).orElseThrow();
        // The profiler saw 400 ms of CPU a window (one JMH op): 2 ms a fan-out, 1 ms on each of 2 cores.
        SummaryRow row = SummaryRow.of(trial, pooled(2_150.0, new Footprint(30.0, 140.5, 100.0, 2.0e8, 400.0, 3.0, 0.0)), new ServerUsage(0.3, 10L, 500.0, 10_000L, 3L, 0L), 2, LIMIT, 1);

        assertThat(row.get(BENCHMARK)).isEqualTo("service");
        assertThat(row.get(RATE)).isEqualTo(100);
        assertThat(row.get(OPS)).as("arrivals of the measured windows").isEqualTo(400);
        assertThat(row.get(REQUESTS)).isEqualTo(4_000);
        assertThat(row.get(ACHIEVED_RATE)).isEqualTo(100.0);
        assertThat(row.get(LATE_ARRIVALS)).isEqualTo(20);
        assertThat(row.get(MEAN_MS)).as("the mean response time, not JMH's window").isCloseTo(112.5, withinPercentage(0.2));
        assertThat(row.get(P99_MS)).as("the late ones' 160 ms, from their intended start").isCloseTo(160, withinPercentage(0.2));
        assertThat(row.get(SERVICE_P99_MS)).isCloseTo(110, withinPercentage(0.2));
        assertThat(row.get(LATENESS_P99_MS)).isCloseTo(50, withinPercentage(0.2));
        assertThat(row.get(CPU_MS_PER_OP)).isEqualTo(2.0);
        assertThat(row.get(ALLOC_BYTES_PER_OP)).isEqualTo(1.0e6);
        assertThat(row.get(CLIENT_CPU_US_PER_REQUEST)).isEqualTo(200.0);
        // 2 ms of the client's and 10 × 50 µs of the server's CPU a fan-out, over 2 cores: 1.25 ms, so 800 a second.
        assertThat(row.get(CPU_FLOOR_MS)).isEqualTo(1.25);
        assertThat(row.get(RATE_BOUND)).isEqualTo(800.0);
        assertThat(row.get(RESPONSE_LIMIT_MS)).isEqualTo(200.0);
        assertThat(row.get(HELD)).isTrue();
        assertThat(row.get(STATUS)).isEqualTo(SummaryRow.OK);
        Path stem = dir.resolve(row.get(HDR));
        assertThat(row.get(HDR)).isEqualTo("hdr/service/virtual_threads-okhttp-n10-l100-c0-r100");
        for (String kind : List.of(".op", ".request", ".service", ".lateness")) {
            assertThat(ResultsLayout.sibling(stem, kind + ".hlog")).isNotEmptyFile();
            assertThat(ResultsLayout.sibling(stem, kind + ".hgrm")).isNotEmptyFile();
        }
    }

    @Test
    void theLimitAStepIsJudgedByIsTheLaunchersMultipleOfTheIdeal() throws IOException {
        TrialRecorder fork = new TrialRecorder(new TrialSpec(SETTING.atRate(50), "serve", 10, "threads", 100, 0), dir,
                true, new LatencyRecorder());
        fork.iterationStarted(true);
        fork.latency().arrivalDone(0, 0, 250 * MS);
        fork.windowDone(new ServiceLoop.Window(50, 0, 0, null, 1_000 * MS), 10);
        fork.iterationEnded();
        fork.write();
        MergedTrial trial = TrialMerger.merge(dir, SETTING.atRate(50)).orElseThrow();

        SummaryRow strict = SummaryRow.of(trial, pooled(1_000.0, Footprint.NONE), ServerUsage.NONE, 2, 2, 1);
        SummaryRow loose = SummaryRow.of(trial, pooled(1_000.0, Footprint.NONE), ServerUsage.NONE, 2, 3, 1);

        assertThat(strict.get(RESPONSE_LIMIT_MS)).isEqualTo(200.0);
        assertThat(strict.get(HELD)).isFalse();
        assertThat(loose.get(RESPONSE_LIMIT_MS)).isEqualTo(300.0);
        assertThat(loose.get(HELD)).isTrue();
    }

    @Test
    void aStepWhoseSchedulerFellBehindIsShortAndDoesNotHold() throws IOException {
        TrialRecorder fork = new TrialRecorder(new TrialSpec(SETTING.atRate(1_000), "serve", 10, "threads", 100, 0), dir,
                true, new LatencyRecorder());
        fork.iterationStarted(true);
        fork.latency().arrivalDone(0, 0, 105 * MS);
        // 1,000 a second asked; 1,000 handed out over 1.02 s: 980 a second, 2% short.
        fork.windowDone(new ServiceLoop.Window(1_000, 0, 0, null, 1_020 * MS), 10);
        fork.iterationEnded();
        fork.write();

        SummaryRow row = SummaryRow.of(TrialMerger.merge(dir, SETTING.atRate(1_000)).orElseThrow(), pooled(1_100.0, Footprint.NONE), ServerUsage.NONE, 2, LIMIT, 1);

        assertThat(row.get(ACHIEVED_RATE)).isEqualTo(980.4);
        assertThat(row.get(STATUS)).isEqualTo(SummaryRow.SHORT);
        assertThat(row.get(HELD)).isFalse();
    }

    @Test
    void aKneeIsTheHighestStepThatHeldAndSaysWhyTheSweepEnded() throws IOException {
        List<SummaryRow> steps = List.of(serviceStep(100, 120, 400), serviceStep(200, 150, 400), serviceStep(400, 900, 400));

        SummaryRow knee = SummaryRow.knee(SETTING.sweepLabel(), steps);

        assertThat(knee.get(BENCHMARK)).isEqualTo(SummaryRow.KNEE);
        assertThat(knee.get(TRIAL)).isEqualTo("virtual_threads okhttp n=10 L=100 knee");
        assertThat(knee.get(RATE)).isEqualTo(200);
        assertThat(knee.get(P99_MS)).isCloseTo(150, withinPercentage(0.2));
        assertThat(knee.get(STATUS)).isEqualTo(SummaryRow.OK);
        assertThat(knee.get(FIRST_ERROR)).startsWith("at 400/s p99 900.").endsWith(" ms, over the 200.0 ms limit");
        assertThat(knee.get(DETAILS)).startsWith("{\"p99_ms_by_rate\":{\"100\":120.").contains("\"400\":900.");
        assertThat(knee.get(EVERY_STEP_HELD)).isFalse();
        assertThat(knee.get(ENDED_AT_RATE)).isEqualTo(400);

        SummaryRow atLeast = SummaryRow.knee(SETTING.sweepLabel(), steps.subList(0, 2));
        assertThat(atLeast.get(EVERY_STEP_HELD)).isTrue();
        assertThat(atLeast.get(ENDED_AT_RATE)).isNull();
    }

    @Test
    void aKneeAboveWhatItsStepsCpuAllowsIsInvalid() throws IOException {
        // 2 s of CPU a window of 200 arrivals: 10 ms a fan-out, with the server's 0.5 ms, over 2 cores: 190 a second.
        SummaryRow impossible = serviceStep(200, 150, 2_000);

        assertThat(impossible.get(RATE_BOUND)).isEqualTo(190.5);
        assertThat(SummaryRow.knee(SETTING.sweepLabel(), List.of(impossible)).get(STATUS)).isEqualTo(SummaryRow.INVALID);
    }

    /** The row of a service step at {@code rate} for 1 s, p99 {@code p99Ms}, at {@code cpuMsPerWindow} of client CPU. */
    private SummaryRow serviceStep(int rate, long p99Ms, double cpuMsPerWindow) throws IOException {
        Path stepDir = dir.resolve("r" + rate + "-" + cpuMsPerWindow);
        TrialRecorder fork = new TrialRecorder(new TrialSpec(SETTING.atRate(rate), "serve", 10, "threads", 100, 0), stepDir,
                true, new LatencyRecorder());
        fork.iterationStarted(true);
        fork.latency().arrivalDone(0, 0, p99Ms * MS);
        fork.windowDone(new ServiceLoop.Window(rate, 0, 0, null, 1_000 * MS), 10);
        fork.iterationEnded();
        fork.write();
        return SummaryRow.of(TrialMerger.merge(stepDir, SETTING.atRate(rate)).orElseThrow(), pooled(1_000.0, new Footprint(30.0, 140.5, 100.0, 2.0e8, cpuMsPerWindow, 3.0, 0.0)), new ServerUsage(0.3, 10L, 500.0, 10_000L, 3L, 0L), 2, LIMIT, 1);
    }

    /** One fork: a warm-up iteration that must not count, then one measurement iteration a list of op times. */
    private void recordFork(long[]... measuredOpsMs) {
        TrialRecorder fork = new TrialRecorder(SPEC, dir, true, new LatencyRecorder());
        fork.iterationStarted(false);
        simulateOp(fork, 5_000);
        fork.iterationEnded();
        for (long[] iteration : measuredOpsMs) {
            fork.iterationStarted(true);
            for (long opMs : iteration) {
                simulateOp(fork, opMs);
            }
            fork.iterationEnded();
        }
        fork.write();
    }

    private static void simulateOp(TrialRecorder fork, long opMs) {
        for (int i = 0; i < 10; i++) {
            fork.latency().requestDone(0, 100 * MS + i * MS);
        }
        fork.opDone(0, opMs * MS, 10, 0, null);
    }

    private static List<Histogram> readLog(Path log) throws IOException {
        List<Histogram> intervals = new ArrayList<>();
        HistogramLogReader reader = new HistogramLogReader(log.toFile());
        for (EncodableHistogram h = reader.nextIntervalHistogram(); h != null; h = reader.nextIntervalHistogram()) {
            intervals.add((Histogram) h);
        }
        reader.close();
        return intervals;
    }
}
