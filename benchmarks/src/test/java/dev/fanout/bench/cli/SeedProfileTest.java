package dev.fanout.bench.cli;

import static dev.fanout.bench.recording.SummaryColumns.ARTICLE_S;
import static dev.fanout.bench.recording.SummaryColumns.DETAILS;
import static dev.fanout.bench.recording.SummaryColumns.LATENCY_MS;
import static dev.fanout.bench.recording.SummaryColumns.MEAN_MS;
import static dev.fanout.bench.recording.SummaryColumns.MODEL;
import static dev.fanout.bench.recording.SummaryColumns.OPS;
import static dev.fanout.bench.recording.SummaryColumns.RATIO_TO_IDEAL;
import static dev.fanout.bench.recording.SummaryColumns.REQUEST_P50_MS;
import static dev.fanout.bench.recording.SummaryColumns.SERVER_MAX_IN_FLIGHT;
import static dev.fanout.bench.recording.SummaryColumns.STATUS;
import static dev.fanout.bench.recording.SummaryColumns.WORKLOAD;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.bench.recording.CsvTable;
import dev.fanout.bench.recording.SummaryColumns;
import dev.fanout.bench.recording.SummaryRow;
import dev.fanout.bench.scenarios.Arrangement;
import dev.fanout.bench.suite.Workload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --profile seed} through the launcher, as a reader runs it, with L = 100 ms instead of the article's
 * second, two measured ops a trial instead of four, and one warm-up op ({@code --code-warm-up 1ms}; this checks what
 * the trials do, not how fast compiled code does it), so that it takes under a minute: the stub server child, a JMH
 * fork per trial, the CSV and the table.
 */
class SeedProfileTest {
    private static final int L = 100;

    @Test
    void theSeedProfileMeasuresEveryScenarioAndPrintsTheArticlesTable(@TempDir Path results) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = Launcher.run(new String[] {"--profile", "seed", "-p", "latencyMs=" + L, "-i", "2", "--code-warm-up",
                "1ms", "--results", results.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as("stdout:%n%s%nstderr:%n%s", printed, err.toString(StandardCharsets.UTF_8)).isZero();
        List<SummaryRow> rows = CsvTable.read(results.resolve("summary.csv"), SummaryColumns.ALL);
        List<String> expected = Workload.inArticle().stream()
                .flatMap(w -> w == Workload.cpu_io_mix
                        ? Arrays.stream(Arrangement.values()).map(a -> w.name() + "/" + a.name())
                        : Stream.of(w.name() + "/" + (w.kind() == Workload.Kind.MODEL ? w.name() : "-")))
                .toList();
        assertThat(rows).extracting(r -> r.get(WORKLOAD) + "/" + r.get(MODEL)).containsExactlyElementsOf(expected);
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.get(STATUS)).as(r.get(WORKLOAD)).isEqualTo(SummaryRow.OK);
            assertThat(r.get(RATIO_TO_IDEAL)).as(r.get(WORKLOAD)).isGreaterThanOrEqualTo(1.0);
            assertThat(r.get(LATENCY_MS)).isEqualTo(L);
            assertThat(r.get(OPS)).isEqualTo(2);
            assertThat(r.get(ARTICLE_S)).as("L = 100 ms is not the article's setting").isNull();
        });
        assertThat(rows).filteredOn(r -> r.get(WORKLOAD).equals("lock") || r.get(WORKLOAD).equals("sequential"))
                .allSatisfy(r -> assertThat(r.get(MEAN_MS)).isGreaterThanOrEqualTo(3 * L));
        assertThat(rows).filteredOn(r -> r.get(WORKLOAD).equals("lock"))
                .allSatisfy(r -> assertThat(r.get(SERVER_MAX_IN_FLIGHT)).isEqualTo(1));
        assertThat(rows).filteredOn(r -> r.get(WORKLOAD).equals("semaphore"))
                .allSatisfy(r -> assertThat(r.get(SERVER_MAX_IN_FLIGHT)).isBetween(1L, 2L));
        assertThat(rows).filteredOn(r -> r.get(WORKLOAD).equals("condition"))
                .allSatisfy(r -> assertThat(r.get(DETAILS)).contains("\"woke_per_response\":[2,1,0]"));
        assertThat(rows).filteredOn(r -> r.get(WORKLOAD).equals("cpu_io_mix")).allSatisfy(r -> {
            assertThat(r.get(DETAILS)).contains("\"cpu_task_ms\"");
            assertThat(r.get(REQUEST_P50_MS)).as("I/O tasks from submission").isGreaterThanOrEqualTo(L);
        });

        String table = printed.substring(printed.indexOf("The seed article's table"));
        for (Workload workload : Workload.inArticle()) {
            assertThat(table).containsPattern("(?m)^" + workload.name() + " .*"
                    + Pattern.quote(workload.articleFigure()) + "\\s+OK$");
        }
        assertThat(table).contains("rows at another setting do not compare with them");
    }
}
