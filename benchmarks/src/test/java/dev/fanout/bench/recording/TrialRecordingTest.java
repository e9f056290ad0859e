package dev.fanout.bench.recording;

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
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fork side (TrialRecorder) and the launcher side (TrialMerger, SummaryRow, SummaryCsv) of the results. */
class TrialRecordingTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final TrialSpec SPEC = new TrialSpec("fetch_n", "virtual_threads", "virtual_threads-n10-l100-c0",
            "dev.fanout.bench.jmh.FetchNBenchmark.fetchN", "k=0;model=virtual_threads;n=10", 10, 100, 10, 0,
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
        Path stem = ResultsLayout.histograms(dir, SPEC);
        assertThat(readLog(ResultsLayout.sibling(stem, ".op.hlog"))).hasSize(4)
                .extracting(Histogram::getTotalCount).containsExactly(2L, 1L, 1L, 2L);
        assertThat(Files.readString(ResultsLayout.sibling(stem, ".op.hgrm")))
                .contains("Value     Percentile TotalCount 1/(1-Percentile)")
                .contains("#[Mean    =      135.");
        assertThat(ResultsLayout.sibling(stem, ".request.hgrm")).isNotEmptyFile();
    }

    @Test
    void aFailedOpIsWrittenAtOnceAndTheRowSaysFail() throws IOException {
        TrialRecorder fork = new TrialRecorder(SPEC, dir, true);
        fork.iterationStarted(true);
        fork.opDone(0, 150 * MS, 10, 3, "UnexpectedResponseException: HTTP 500");

        MergedTrial trial = TrialMerger.mergeAll(dir).get(0);
        SummaryRow row = SummaryRow.of(trial, null, null, null, Footprint.NONE);

        assertThat(row.status()).isEqualTo(SummaryRow.FAIL);
        assertThat(row.errors()).isEqualTo(3);
        assertThat(row.requests()).isEqualTo(10);
        assertThat(row.firstError()).isEqualTo("UnexpectedResponseException: HTTP 500");
        assertThat(row.meanMs()).isNull();
    }

    @Test
    void aTimeBelowTheIdealIsInvalidNotFast() throws IOException {
        recordFork(new long[] {120}, new long[] {120});
        MergedTrial trial = TrialMerger.mergeAll(dir).get(0);

        assertThat(SummaryRow.of(trial, 99.9, null, null, Footprint.NONE).status()).isEqualTo(SummaryRow.INVALID);
        SummaryRow ok = SummaryRow.of(trial, 123.456789, 0.5, 10L, Footprint.NONE);
        assertThat(ok.status()).isEqualTo(SummaryRow.OK);
        assertThat(ok.meanMs()).isEqualTo(123.457);
        assertThat(ok.ratioToIdeal()).isEqualTo(1.2346);
        assertThat(ok.p50Ms()).isBetween(119.9, 120.2);
    }

    @Test
    void withRecordingOffTheCountsRemainAndTheTimesAreBlank() throws IOException {
        TrialRecorder fork = new TrialRecorder(SPEC, dir, false);
        fork.iterationStarted(true);
        fork.opDone(0, 120 * MS, 10, 0, null);
        fork.iterationEnded();
        fork.write();

        MergedTrial trial = TrialMerger.mergeAll(dir).get(0);
        SummaryRow row = SummaryRow.of(trial, 120.0, null, null, Footprint.NONE);

        assertThat(row.ops()).isEqualTo(1);
        assertThat(row.p50Ms()).isNull();
        assertThat(ResultsLayout.sibling(ResultsLayout.histograms(dir, SPEC), ".op.hgrm")).doesNotExist();
    }

    @Test
    void summaryCsvRoundTripsWithTheContractHeader() throws IOException {
        recordFork(new long[] {120}, new long[] {130});
        SummaryRow row = SummaryRow.of(TrialMerger.mergeAll(dir).get(0), 125.0, 0.3, 10L,
                new Footprint(30.0, 140.5, 2.0e6, 55.0, 0.0));
        Path csv = ResultsLayout.summaryCsv(dir);

        SummaryCsv.write(csv, List.of(row));

        assertThat(Files.readAllLines(csv).get(0)).startsWith("benchmark,model,n,latency_ms,concurrency,cpu_us,ops,"
                + "requests,errors,mean_ms,p50_ms,p90_ms,p99_ms,max_ms,ideal_ms,ratio_to_ideal,status,jmh_benchmark,jmh_params");
        assertThat(SummaryCsv.read(csv)).containsExactly(row);
    }

    /** One fork: a warm-up iteration that must not count, then one measurement iteration a list of op times. */
    private void recordFork(long[]... measuredOpsMs) {
        TrialRecorder fork = new TrialRecorder(SPEC, dir, true);
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
