package dev.fanout.bench.recording;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Reads and writes summary.csv: a header line, then one {@link SummaryRow} a line. */
public final class SummaryCsv {
    /** Quotes only what must be quoted: Jackson otherwise quotes every string over 24 characters, headers too. */
    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvParser.Feature.EMPTY_STRING_AS_NULL)
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();
    private static final CsvSchema SCHEMA = CSV.schemaFor(SummaryRow.class).withHeader();

    private SummaryCsv() {
    }

    public static void write(Path file, List<SummaryRow> rows) throws IOException {
        AtomicFiles.write(file, out -> CSV.writer(SCHEMA).writeValue(out, rows));
    }

    /**
     * Reads the rows by the file's own header, so a file with columns this version does not know (or lacks)
     * still reads; a column it lacks reads as blank.
     */
    public static List<SummaryRow> read(Path file) throws IOException {
        try (MappingIterator<SummaryRow> rows = CSV.readerFor(SummaryRow.class)
                .with(CsvSchema.emptySchema().withHeader())
                .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .readValues(file.toFile())) {
            return rows.readAll();
        }
    }
}
