package dev.fanout.bench.compare;

import dev.fanout.bench.recording.SummaryRow;
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

    record Row(String label, double idealMs) {
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
            read = dev.fanout.bench.recording.SummaryCsv.read(file);
        } catch (IOException | RuntimeException e) {
            throw new InputException("cannot read " + file + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
        Map<String, Row> rows = new HashMap<>();
        Map<String, Integer> knees = new LinkedHashMap<>();
        for (int i = 0; i < read.size(); i++) {
            SummaryRow row = read.get(i);
            if (row.benchmark() == null || row.jmhBenchmark() == null) {
                throw new InputException(file + " line " + (i + 2)
                        + " lacks benchmark or jmh_benchmark (is it a summary.csv of this harness?)");
            }
            if (row.benchmark().equals(SummaryRow.KNEE)) {
                knees.put(row.trial(), row.rate());
                continue;
            }
            // A benchmark without params has a blank jmh_params.
            String params = row.jmhParams() == null ? "" : row.jmhParams();
            rows.putIfAbsent(key(row.jmhBenchmark(), params),
                    new Row(row.trial() != null ? row.trial() : row.benchmark() + (params.isEmpty() ? "" : " [" + params + "]"),
                            row.idealMs() > 0 ? row.idealMs() : Double.NaN));
        }
        return new SummaryCsv(rows, knees);
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
