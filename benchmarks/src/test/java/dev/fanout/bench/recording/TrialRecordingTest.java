package dev.fanout.bench.recording;

import static dev.fanout.bench.recording.SummaryColumns.ACHIEVED_RATE;
import static dev.fanout.bench.recording.SummaryColumns.ALLOC_BYTES_PER_OP;
import static dev.fanout.bench.recording.SummaryColumns.BENCHMARK;
import static dev.fanout.bench.recording.SummaryColumns.BOUND;
import static dev.fanout.bench.recording.SummaryColumns.CLIENT_CPU_US_PER_REQUEST;
import static dev.fanout.bench.recording.SummaryColumns.CPU_FLOOR_MS;
import static dev.fanout.bench.recording.SummaryColumns.CPU_MS_PER_OP;
import static dev.fanout.bench.recording.SummaryColumns.DETAILS;
import static dev.fanout.bench.recording.SummaryColumns.ERRORS;
import static dev.fanout.bench.recording.SummaryColumns.FIRST_ERROR;
import static dev.fanout.bench.recording.SummaryColumns.HDR;
import static dev.fanout.bench.recording.SummaryColumns.HELD;
import static dev.fanout.bench.recording.SummaryColumns.JMH_PARAMS;
import static dev.fanout.bench.recording.SummaryColumns.LATENESS_P99_MS;
import static dev.fanout.bench.recording.SummaryColumns.LATE_ARRIVALS;
import static dev.fanout.bench.recording.SummaryColumns.MEAN_MS;
import static dev.fanout.bench.recording.SummaryColumns.OPS;
import static dev.fanout.bench.recording.SummaryColumns.P50_MS;
import static dev.fanout.bench.recording.SummaryColumns.P99_MS;
import static dev.fanout.bench.recording.SummaryColumns.RATE;
import static dev.fanout.bench.recording.SummaryColumns.RATE_BOUND;
import static dev.fanout.bench.recording.SummaryColumns.RATIO_TO_BOUND;
import static dev.fanout.bench.recording.SummaryColumns.RATIO_TO_IDEAL;
import static dev.fanout.bench.recording.SummaryColumns.REQUESTS;
import static dev.fanout.bench.recording.SummaryColumns.REQUEST_MAX_MS;
import static dev.fanout.bench.recording.SummaryColumns.REQUEST_P50_MS;
import static dev.fanout.bench.recording.SummaryColumns.REQUEST_P999_MS;
import static dev.fanout.bench.recording.SummaryColumns.RESPONSE_LIMIT_MS;
import static dev.fanout.bench.recording.SummaryColumns.SERVER_CPU_US_PER_REQUEST;
import static dev.fanout.bench.recording.SummaryColumns.SERVER_LATENESS_P99_MS;
import static dev.fanout.bench.recording.SummaryColumns.SERVICE_P99_MS;
import static dev.fanout.bench.recording.SummaryColumns.STATUS;
import static dev.fanout.bench.recording.SummaryColumns.TRIAL;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogProcessor;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import dev.fanout.bench.clients.Client;
import dev.fanout.bench.suite.Setting;
import dev.fanout.bench.suite.Workload;
import dev.fanout.bench.workload.ServerUsage;
import dev.fanout.bench.workload.ServiceLoop;
import org.junit.jupiter.api.io.TempDir;

/** The fork side (TrialRecorder) and the launcher side (TrialMerger, SummaryRow, SummaryCsv) of the results. */
class TrialRecordingTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    /** Service steps are judged by the launcher's default limit unless a test says otherwise. */
    private static final double LIMIT = SummaryRow.DEFAULT_LIMIT_PER_IDEAL;
    private static final Setting SETTING = new Setting(Workload.virtual_threads, Client.okhttp, 1, 10, 100, 0, 0, 0, 0,
            0, null, true);
    private static final TrialSpec SPEC = new TrialSpec(SETTING, "dev.fanout.bench.jmh.FanOutBenchmark.fanOut", 10,
            "a new virtual thread per request", 100);

    @TempDir
    Path dir;

    @Test
    void warmUpIsNotRecordedAndForksAddUp() throws IOException {
        recordFork(new long[] {110, 120}, new long[] {130});
        recordFork(new long[] {140}, new long[] {150, 160});

        List<MergedTrial> merged = TrialMerger.mergeAll(dir);

        assertThat(merged).singleElement().satisfies(trial -> {
            assertThat(trial.forks()).isEqualTo(2);
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

    @Test
    void aFailedOpIsWrittenAtOnceAndTheRowSaysFail() throws IOException {
        TrialRecorder fork = new TrialRecorder(SPEC, dir, true, new LatencyRecorder());
        fork.iterationStarted(true);
        fork.opDone(0, 150 * MS, 10, 3, "UnexpectedResponseException: HTTP 500");

        MergedTrial trial = TrialMerger.mergeAll(dir).get(0);
        SummaryRow row = SummaryRow.of(trial, null, ServerUsage.NONE, Footprint.NONE, 2, LIMIT);

        assertThat(row.get(STATUS)).isEqualTo(SummaryRow.FAIL);
        assertThat(row.get(ERRORS)).isEqualTo(3);
        assertThat(row.get(REQUESTS)).isEqualTo(10);
        assertThat(row.get(FIRST_ERROR)).isEqualTo("UnexpectedResponseException: HTTP 500");
        assertThat(row.get(MEAN_MS)).isNull();
    }

    @Test
    void aTimeBelowTheIdealIsInvalidNotFast() throws IOException {
        recordFork(new long[] {120}, new long[] {120});
        MergedTrial trial = TrialMerger.mergeAll(dir).get(0);

        assertThat(SummaryRow.of(trial, 99.9, ServerUsage.NONE, Footprint.NONE, 2, LIMIT).get(STATUS))
                .isEqualTo(SummaryRow.INVALID);
        SummaryRow ok = SummaryRow.of(trial, 123.456789, new ServerUsage(0.5, 10L, null, null), Footprint.NONE, 2, LIMIT);
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

        MergedTrial trial = TrialMerger.mergeAll(dir).get(0);
        SummaryRow row = SummaryRow.of(trial, 120.0, ServerUsage.NONE, Footprint.NONE, 2, LIMIT);

        assertThat(row.get(OPS)).isEqualTo(1);
        assertThat(row.get(P50_MS)).isNull();
        assertThat(row.get(HDR)).isNull();
        assertThat(dir.resolve(ResultsLayout.histograms(SETTING) + ".op.hgrm")).doesNotExist();
    }

    @Test
    void summaryCsvRoundTripsWithTheContractHeader() throws IOException {
        recordFork(new long[] {120}, new long[] {130});
        SummaryRow row = SummaryRow.of(TrialMerger.mergeAll(dir).get(0), 125.0, new ServerUsage(0.3, 10L, 500.0, 10_000L),
                new Footprint(30.0, 140.5, 2.0e6, 55.0, 3.0, 0.0), 2, LIMIT);
        Path csv = ResultsLayout.summaryCsv(dir);

        SummaryCsv.write(csv, List.of(row));

        assertThat(Files.readAllLines(csv).get(0)).startsWith("trial,benchmark,workload,model,client,pools,n,latency_ms,k,"
                + "concurrency,cpu_us,rate,arrivals,ops,requests,errors,mean_ms,p50_ms,p90_ms,p99_ms,p999_ms,max_ms,request_p50_ms,"
                + "request_p90_ms,request_p99_ms,request_p999_ms,request_max_ms,service_p50_ms,service_p99_ms,"
                + "lateness_p99_ms,late_arrivals,achieved_rate,response_limit_ms,rate_bound,held,ideal_ms,ratio_to_ideal,"
                + "client_cpu_us_per_request,server_cpu_us_per_request,cpu_floor_ms,bound,ratio_to_bound,status,hdr,"
                + "jmh_benchmark,jmh_params");
        assertThat(SummaryCsv.read(csv)).containsExactly(row);
        assertThat(row.get(HDR)).isEqualTo("hdr/fetch_n/virtual_threads-okhttp-n10-l100-c0");
        assertThat(dir.resolve(row.get(HDR) + ".request.hgrm")).isNotEmptyFile();
        assertThat(row.get(JMH_PARAMS)).isEqualTo("arrangement=-;client=okhttp;cpuMicros=0;cpuRange=0;cpuTasks=0;k=0;"
                + "latencyMs=100;n=10;pools=1;recording=true;sleepMs=0;workload=virtual_threads");
    }

    @Test
    void theCpuFloorStandsBesideTheIdealAndTheHigherIsTheBound() throws IOException {
        recordFork(new long[] {120}, new long[] {130});
        MergedTrial trial = TrialMerger.mergeAll(dir).get(0);

        // 10 requests: 5.5 ms of client CPU an op (550 µs a request) and 50 µs of server CPU a request, on 2 cores.
        SummaryRow light = SummaryRow.of(trial, 125.0, new ServerUsage(0.3, 10L, 500.0, 10_000L),
                new Footprint(30.0, 140.5, 2.0e6, 5.5, 3.0, 0.0), 2, LIMIT);
        assertThat(light.get(CLIENT_CPU_US_PER_REQUEST)).isEqualTo(550.0);
        assertThat(light.get(SERVER_CPU_US_PER_REQUEST)).isEqualTo(50.0);
        assertThat(light.get(CPU_FLOOR_MS)).isEqualTo(3.0);
        assertThat(light.get(BOUND)).isEqualTo(SummaryRow.LATENCY_BOUND);
        assertThat(light.get(RATIO_TO_BOUND)).isEqualTo(light.get(RATIO_TO_IDEAL));

        // 300 ms of client CPU an op cannot go faster than 150 ms on 2 cores, above the 100 ms ideal.
        SummaryRow heavy = SummaryRow.of(trial, 180.0, new ServerUsage(0.3, 10L, 500.0, 10_000L),
                new Footprint(30.0, 140.5, 2.0e6, 300.0, 3.0, 0.0), 2, LIMIT);
        assertThat(heavy.get(CPU_FLOOR_MS)).isEqualTo(150.25);
        assertThat(heavy.get(BOUND)).isEqualTo(SummaryRow.CPU_BOUND);
        assertThat(heavy.get(RATIO_TO_BOUND)).isEqualTo(1.198);

        SummaryRow unknown = SummaryRow.of(trial, 180.0, ServerUsage.NONE, Footprint.NONE, 2, LIMIT);
        assertThat(unknown.get(CPU_FLOOR_MS)).isNull();
        assertThat(unknown.get(BOUND)).isEqualTo(SummaryRow.LATENCY_BOUND);
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
        MergedTrial trial = TrialMerger.mergeAll(dir).get(0);
        assertThat(trial.serverCpuMicrosPerRequest()).isEqualTo(30.0);

        SummaryRow row = SummaryRow.of(trial, 120.0, new ServerUsage(0.3, 10L, 5_000.0, 10_000L), Footprint.NONE, 2, LIMIT);
        assertThat(row.get(SERVER_CPU_US_PER_REQUEST)).as("not the whole trial's 500 µs").isEqualTo(30.0);
        assertThat(row.get(SERVER_LATENESS_P99_MS)).as("the trial's lateness, from the launcher").isEqualTo(0.3);
    }

    @Test
    void theLogsOpenInHdrHistogramsOwnLogProcessorAsWritten() throws Exception {
        recordFork(new long[] {110, 120}, new long[] {130});
        TrialMerger.mergeAll(dir);
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
                "a new virtual thread per request", 100), dir, true, new LatencyRecorder());
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

        MergedTrial trial = TrialMerger.mergeAll(dir).get(0);
        // The profiler saw 400 ms of CPU a window (one JMH op): 2 ms a fan-out, 1 ms on each of 2 cores.
        SummaryRow row = SummaryRow.of(trial, 2_150.0, new ServerUsage(0.3, 10L, 500.0, 10_000L),
                new Footprint(30.0, 140.5, 2.0e8, 400.0, 3.0, 0.0), 2, LIMIT);

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
        TrialRecorder fork = new TrialRecorder(new TrialSpec(SETTING.atRate(50), "serve", 10, "threads", 100), dir,
                true, new LatencyRecorder());
        fork.iterationStarted(true);
        fork.latency().arrivalDone(0, 0, 250 * MS);
        fork.windowDone(new ServiceLoop.Window(50, 0, 0, null, 1_000 * MS), 10);
        fork.iterationEnded();
        fork.write();
        MergedTrial trial = TrialMerger.mergeAll(dir).get(0);

        SummaryRow strict = SummaryRow.of(trial, 1_000.0, ServerUsage.NONE, Footprint.NONE, 2, 2);
        SummaryRow loose = SummaryRow.of(trial, 1_000.0, ServerUsage.NONE, Footprint.NONE, 2, 3);

        assertThat(strict.get(RESPONSE_LIMIT_MS)).isEqualTo(200.0);
        assertThat(strict.get(HELD)).isFalse();
        assertThat(loose.get(RESPONSE_LIMIT_MS)).isEqualTo(300.0);
        assertThat(loose.get(HELD)).isTrue();
    }

    @Test
    void aStepWhoseSchedulerFellBehindIsShortAndDoesNotHold() throws IOException {
        TrialRecorder fork = new TrialRecorder(new TrialSpec(SETTING.atRate(1_000), "serve", 10, "threads", 100), dir,
                true, new LatencyRecorder());
        fork.iterationStarted(true);
        fork.latency().arrivalDone(0, 0, 105 * MS);
        // 1,000 a second asked; 1,000 handed out over 1.02 s: 980 a second, 2% short.
        fork.windowDone(new ServiceLoop.Window(1_000, 0, 0, null, 1_020 * MS), 10);
        fork.iterationEnded();
        fork.write();

        SummaryRow row = SummaryRow.of(TrialMerger.mergeAll(dir).get(0), 1_100.0, ServerUsage.NONE, Footprint.NONE, 2, LIMIT);

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
        TrialRecorder fork = new TrialRecorder(new TrialSpec(SETTING.atRate(rate), "serve", 10, "threads", 100), stepDir,
                true, new LatencyRecorder());
        fork.iterationStarted(true);
        fork.latency().arrivalDone(0, 0, p99Ms * MS);
        fork.windowDone(new ServiceLoop.Window(rate, 0, 0, null, 1_000 * MS), 10);
        fork.iterationEnded();
        fork.write();
        return SummaryRow.of(TrialMerger.mergeAll(stepDir).get(0), 1_000.0, new ServerUsage(0.3, 10L, 500.0, 10_000L),
                new Footprint(30.0, 140.5, 2.0e8, cpuMsPerWindow, 3.0, 0.0), 2, LIMIT);
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
