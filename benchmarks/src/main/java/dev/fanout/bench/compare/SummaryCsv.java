package dev.fanout.bench.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The launcher's summary.csv, read only for what comparing needs: each JMH result's label and {@code ideal_ms}.
 * The project has no CSV library and the file is machine-written, so a small RFC 4180 reader (quotes, doubled
 * quotes) is enough.
 */
final class SummaryCsv {

    record Row(String label, double idealMs) {
    }

    private static final List<String> NEEDED = List.of("benchmark", "ideal_ms", "jmh_benchmark", "jmh_params");

    private final Map<String, Row> rows;

    private SummaryCsv(Map<String, Row> rows) {
        this.rows = rows;
    }

    static SummaryCsv read(Path file) throws InputException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputException("cannot read " + file + ": " + e.getMessage());
        }
        List<List<String>> records = parse(text);
        if (records.isEmpty()) {
            throw new InputException(file + " is empty (expected a header line)");
        }
        List<String> header = records.get(0);
        for (String column : NEEDED) {
            if (!header.contains(column)) {
                throw new InputException(file + " has no '" + column + "' column");
            }
        }
        int label = header.indexOf("benchmark");
        int ideal = header.indexOf("ideal_ms");
        int name = header.indexOf("jmh_benchmark");
        int params = header.indexOf("jmh_params");
        Map<String, Row> rows = new HashMap<>();
        for (int i = 1; i < records.size(); i++) {
            List<String> r = records.get(i);
            if (r.size() == 1 && r.get(0).isEmpty()) {
                continue;
            }
            if (r.size() < header.size()) {
                throw new InputException(file + " line " + (i + 1) + " has " + r.size() + " fields, header has " + header.size());
            }
            rows.putIfAbsent(key(r.get(name), r.get(params)), new Row(r.get(label), parseIdeal(file, i, r.get(ideal))));
        }
        return new SummaryCsv(rows);
    }

    Row find(BenchmarkKey key) {
        return rows.get(key(key.benchmark(), key.paramsText()));
    }

    private static String key(String benchmark, String params) {
        return benchmark + '\u0000' + params;
    }

    private static double parseIdeal(Path file, int line, String value) throws InputException {
        if (value.isBlank()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new InputException(file + " line " + (line + 1) + ": ideal_ms '" + value + "' is not a number");
        }
    }

    private static List<List<String>> parse(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\n') {
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
            } else if (c != '\r') {
                field.append(c);
            }
        }
        if (field.length() > 0 || !record.isEmpty()) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }
}
