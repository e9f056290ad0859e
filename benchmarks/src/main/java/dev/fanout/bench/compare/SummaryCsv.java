package dev.fanout.bench.compare;

import static dev.fanout.bench.recording.SummaryColumns.BENCHMARK;
import static dev.fanout.bench.recording.SummaryColumns.BOUND_MS;
import static dev.fanout.bench.recording.SummaryColumns.IDEAL_MS;
import static dev.fanout.bench.recording.SummaryColumns.JMH_BENCHMARK;
import static dev.fanout.bench.recording.SummaryColumns.JMH_PARAMS;
import static dev.fanout.bench.recording.SummaryColumns.RATE;
import static dev.fanout.bench.recording.SummaryColumns.TRIAL;

import dev.fanout.bench.recording.CsvTable;
import dev.fanout.bench.recording.SummaryColumns;
import dev.fanout.bench.recording.SummaryRow;
import dev.fanout.bench.recording.TrialSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The launcher's summary.csv, read only for what comparing needs: each JMH result's label (its {@code trial}, or
 * in runs written before that column its {@code benchmark} and params) and {@code ideal_ms}, and each service-mode
 * sweep's knee.
 */
final class SummaryCsv {

    record Row(String label, double idealMs, double boundMs) {
    }

    private final Map<String, Row> rows;
    private final Map<String, Integer> knees;

    private SummaryCsv(Map<String, Row> rows, Map<String, Integer> knees) {
        this.rows = rows;
        this.knees = knees;
    }

    static SummaryCsv read(Path file) throws InputException {
        List<SummaryRow> read;
        try {
            read = CsvTable.read(file, SummaryColumns.ALL);
        } catch (IOException | RuntimeException e) {
            throw new InputException("cannot read " + file + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
        Map<String, Row> rows = new HashMap<>();
        Map<String, Integer> knees = new LinkedHashMap<>();
        for (int i = 0; i < read.size(); i++) {
            SummaryRow row = read.get(i);
            if (row.get(BENCHMARK) == null || row.get(JMH_BENCHMARK) == null) {
                throw new InputException(file + " line " + (i + 2)
                        + " lacks benchmark or jmh_benchmark (is it a summary.csv of this harness?)");
            }
            if (row.get(BENCHMARK).equals(SummaryRow.KNEE)) {
                knees.put(row.get(TRIAL), row.get(RATE));
                continue;
            }
            // A benchmark without params has a blank jmh_params.
            String params = TrialSpec.withEveryParam(row.get(JMH_PARAMS) == null ? "" : row.get(JMH_PARAMS));
            rows.putIfAbsent(key(row.get(JMH_BENCHMARK), params),
                    new Row(row.get(TRIAL) != null ? row.get(TRIAL) : row.get(BENCHMARK) + (params.isEmpty() ? "" : " [" + params + "]"),
                            positive(row.get(IDEAL_MS)), positive(row.get(BOUND_MS))));
        }
        return new SummaryCsv(rows, knees);
    }

    /** A figure, NaN when blank (a run written before the column) or not above 0. */
    private static double positive(Double ms) {
        return ms != null && ms > 0 ? ms : Double.NaN;
    }

    /** Each service-mode sweep's knee by its label, null when no step held. */
    Map<String, Integer> knees() {
        return knees;
    }

    Row find(BenchmarkKey key) {
        return rows.get(key(key.benchmark(), key.paramsText()));
    }

    private static String key(String benchmark, String params) {
        return benchmark + '\u0000' + params;
    }
}
