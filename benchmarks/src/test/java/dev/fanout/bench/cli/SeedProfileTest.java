package dev.fanout.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.bench.recording.SummaryCsv;
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
 * second and two measured ops a trial instead of four, so that it takes about a minute and a half (the fixture's
 * warm-up and fire_and_forget's 1.1 s sleep are most of it): the stub server child, a JMH fork per trial, the CSV
 * and the table.
 */
class SeedProfileTest {
    private static final int L = 100;

    @Test
    void theSeedProfileMeasuresEveryScenarioAndPrintsTheArticlesTable(@TempDir Path results) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = Launcher.run(new String[] {"--profile", "seed", "-p", "latencyMs=" + L, "-i", "2", "--results", results.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as("stdout:%n%s%nstderr:%n%s", printed, err.toString(StandardCharsets.UTF_8)).isZero();
        List<SummaryRow> rows = SummaryCsv.read(results.resolve("summary.csv"));
        List<String> expected = Workload.inArticle().stream()
                .flatMap(w -> w == Workload.cpu_io_mix
                        ? Arrays.stream(Arrangement.values()).map(a -> w.name() + "/" + a.name())
                        : Stream.of(w.name() + "/" + (w.kind() == Workload.Kind.MODEL ? w.name() : "-")))
                .toList();
        assertThat(rows).extracting(r -> r.workload() + "/" + r.model()).containsExactlyElementsOf(expected);
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.status()).as(r.workload()).isEqualTo(SummaryRow.OK);
            assertThat(r.ratioToIdeal()).as(r.workload()).isGreaterThanOrEqualTo(1.0);
            assertThat(r.latencyMs()).isEqualTo(L);
            assertThat(r.ops()).isEqualTo(2);
            assertThat(r.articleS()).as("L = 100 ms is not the article's setting").isNull();
        });
        assertThat(rows).filteredOn(r -> r.workload().equals("lock") || r.workload().equals("sequential"))
                .allSatisfy(r -> assertThat(r.meanMs()).isGreaterThanOrEqualTo(3 * L));
        assertThat(rows).filteredOn(r -> r.workload().equals("lock"))
                .allSatisfy(r -> assertThat(r.serverMaxInFlight()).isEqualTo(1));
        assertThat(rows).filteredOn(r -> r.workload().equals("semaphore"))
                .allSatisfy(r -> assertThat(r.serverMaxInFlight()).isBetween(1L, 2L));
        assertThat(rows).filteredOn(r -> r.workload().equals("condition"))
                .allSatisfy(r -> assertThat(r.details()).contains("\"woke_per_response\":[2,1,0]"));
        assertThat(rows).filteredOn(r -> r.workload().equals("cpu_io_mix")).allSatisfy(r -> {
            assertThat(r.details()).contains("\"cpu_task_ms\"");
            assertThat(r.requestP50Ms()).as("I/O tasks from submission").isGreaterThanOrEqualTo(L);
        });

        String table = printed.substring(printed.indexOf("The seed article's table"));
        for (Workload workload : Workload.inArticle()) {
            assertThat(table).containsPattern("(?m)^" + workload.name() + " .*"
                    + Pattern.quote(workload.articleFigure()) + "\\s+OK$");
        }
        assertThat(table).contains("rows at another setting do not compare with them");
    }
}
