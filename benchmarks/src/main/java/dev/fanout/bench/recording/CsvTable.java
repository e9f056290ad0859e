package dev.fanout.bench.recording;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes a results table (summary.csv, forks.csv): a header line, then one {@link SummaryRow} a line, in the
 * order of the table's declared columns ({@link SummaryColumns}), with the declarations beside it ({@link TableSchema}).
 */
public final class CsvTable {
    /** Quotes only what must be quoted: Jackson otherwise quotes every string over 24 characters, headers too. */
    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvParser.Feature.EMPTY_STRING_AS_NULL)
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();

    private CsvTable() {
    }

    /** Writes the rows, and beside them the columns' schema ({@link TableSchema}). */
    public static void write(Path file, List<SummaryRow> rows, List<Column<?>> columns) throws IOException {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (SummaryRow row : rows) {
            Map<String, Object> line = new LinkedHashMap<>();
            columns.forEach(column -> line.put(column.name(), row.get(column)));
            lines.add(line);
        }
        AtomicFiles.write(file, out -> CSV.writer(schema(columns)).writeValue(out, lines));
        TableSchema.write(file, columns);
    }

    /**
     * Reads the rows by the file's own header, so a file with columns this version does not know (or lacks) still
     * reads; a column it lacks reads as blank.
     *
     * @throws IllegalArgumentException naming the column and the value, when a value is not of its column's type
     */
    public static List<SummaryRow> read(Path file, List<Column<?>> columns) throws IOException {
        List<SummaryRow> rows = new ArrayList<>();
        try (MappingIterator<Map<String, String>> lines = CSV.readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(file.toFile())) {
            while (lines.hasNext()) {
                Map<String, String> line = lines.next();
                SummaryRow.Builder row = SummaryRow.builder();
                columns.forEach(column -> set(row, column, line.get(column.name())));
                rows.add(row.build());
            }
        }
        return rows;
    }

    private static <T> void set(SummaryRow.Builder row, Column<T> column, String text) {
        row.set(column, column.parse(text));
    }

    private static CsvSchema schema(List<Column<?>> columns) {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        columns.forEach(column -> schema.addColumn(column.name()));
        return schema.build();
    }
}
