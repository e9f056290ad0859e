package dev.fanout.bench.recording;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The columns of a table the run writes, as a W3C CSV on the Web (CSVW) metadata file beside it ({@code
 * summary.csv-metadata.json} for {@code summary.csv}, CSVW's own way of finding it): each column's name, datatype,
 * unit and meaning, from their declaration. The notebook reads the types from it, so that a column is declared once.
 */
public final class TableSchema {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Where CSVW looks for a table's metadata: the table's own name with this appended. */
    static final String SUFFIX = "-metadata.json";

    private TableSchema() {
    }

    /** The metadata file of {@code table}. */
    public static Path of(Path table) {
        return ResultsLayout.sibling(table, SUFFIX);
    }

    static void write(Path table, List<Column<?>> columns) throws IOException {
        List<Map<String, Object>> described = columns.stream().map(TableSchema::describe).toList();
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("@context", "http://www.w3.org/ns/csvw");
        metadata.put("url", table.getFileName().toString());
        metadata.put("tableSchema", Map.of("columns", described));
        AtomicFiles.write(of(table), out -> JSON.writeValue(out, metadata));
    }

    private static Map<String, Object> describe(Column<?> column) {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("name", column.name());
        described.put("datatype", column.kind().datatype());
        described.put("schema:unitText", column.unit());
        described.put("dc:description", column.meaning());
        return described;
    }
}
