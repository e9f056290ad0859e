package dev.fanout.bench.compare;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResultsLoaderTest {

    private static final BenchmarkKey VIRTUAL = BenchmarkKey.of("scratch.FanOut.fetchN", "avgt",
            Map.of("latencyMs", "2", "model", "virtual", "n", "8"));

    @Test
    void readsRealJmhOutputWithSummaryLabelsAndIdeals() throws Exception {
        LoadedResults results = ResultsLoader.load(Fixtures.aa1());

        assertThat(results.hasSummary()).isTrue();
        assertThat(results.runs()).hasSize(3);
        BenchmarkRun virtual = results.runs().get(VIRTUAL);
        assertThat(virtual.label()).isEqualTo("fetch_n [latencyMs=2;model=virtual;n=8]");
        assertThat(virtual.idealMs()).isEqualTo(2.0);
        assertThat(virtual.unit().text()).isEqualTo("ms/op");
        assertThat(virtual.forks()).hasSize(8).allSatisfy(fork -> assertThat(fork).hasSize(3));

        BenchmarkRun sha = results.runs().get(BenchmarkKey.of("scratch.Hash.sha256", "thrpt", Map.of()));
        assertThat(Basis.IDEAL.knows(sha)).isFalse();
        assertThat(sha.unit().smallerIsBetter()).isFalse();
        assertThat(sha.forks()).hasSize(2);
    }

    /**
     * A run made before a param was declared (results/seed has no deadlineMs) is keyed with that param at its neutral
     * value, as a later run writes it, so compare joins the two; another benchmark's params are left alone.
     */
    @Test
    void aRunFromBeforeAParamExistedJoinsALaterOne() throws Exception {
        Path seed = Path.of("..", "results", "seed");
        assertThat(Files.readString(seed.resolve("jmh.json"))).doesNotContain("deadlineMs");

        LoadedResults results = ResultsLoader.load(seed);

        assertThat(results.hasSummary()).isTrue();
        assertThat(results.runs().keySet()).isNotEmpty()
                .allSatisfy(key -> assertThat(key.params()).containsEntry("deadlineMs", "0"));
        assertThat(ResultsLoader.load(Fixtures.aa1()).runs()).containsKey(VIRTUAL);
    }

    /** Rounds of one build given as one side: every benchmark's forks from all of them, labelled by the first. */
    @Test
    void severalRunsAsOneSidePoolEachBenchmarksForks() throws Exception {
        LoadedResults pooled = ResultsLoader.pool(ResultsLoader.load(List.of(Fixtures.aa1(), Fixtures.aa2())));

        assertThat(pooled.jmhJsons()).containsExactly(Fixtures.aa1().resolve("jmh.json"), Fixtures.aa2().resolve("jmh.json"));
        assertThat(pooled.runs().keySet()).containsExactlyElementsOf(ResultsLoader.load(Fixtures.aa1()).runs().keySet());
        assertThat(pooled.runs().get(VIRTUAL).forks()).hasSize(ResultsLoader.load(Fixtures.aa1()).runs().get(VIRTUAL).forks().size()
                + ResultsLoader.load(Fixtures.aa2()).runs().get(VIRTUAL).forks().size());
        assertThat(pooled.runs().get(VIRTUAL).label()).isEqualTo("fetch_n [latencyMs=2;model=virtual;n=8]");
        assertThat(pooled.runs().get(VIRTUAL).idealMs()).isEqualTo(2.0);
        assertThat(ResultsLoader.pool(ResultsLoader.load(List.of(Fixtures.aa1()))).runs().get(VIRTUAL).forks())
                .as("one run is one run").hasSize(8);
    }

    @Test
    void runsThatCannotBeOneSideAreRefusedNamingWhy(@TempDir Path dir) throws Exception {
        Path bare = Files.createDirectories(dir.resolve("bare"));
        Files.copy(Fixtures.aa2().resolve("jmh.json"), bare.resolve("jmh.json"));
        assertThatThrownBy(() -> ResultsLoader.pool(ResultsLoader.load(List.of(Fixtures.aa1(), bare.resolve("jmh.json")))))
                .isInstanceOf(InputException.class).hasMessageContaining("all be results folders or all bare jmh.json");

        Path slowed = Fixtures.worsened(Fixtures.aa2(), dir.resolve("slowed"), 1.0);
        Files.writeString(slowed.resolve("meta.json"), """
                {"profile": "ci", "slowdown": {"server_by_percent": 15.0, "client_by_us": 0}}""");
        assertThatThrownBy(() -> ResultsLoader.pool(ResultsLoader.load(List.of(Fixtures.aa1(), slowed))))
                .isInstanceOf(InputException.class).hasMessageContaining("must have the same slowdown");

        Path service = Fixtures.resource("compare/service");
        Path again = Fixtures.worsened(service, dir.resolve("service-again"), 1.0);
        assertThatThrownBy(() -> ResultsLoader.pool(ResultsLoader.load(List.of(service, again))))
                .isInstanceOf(InputException.class).hasMessageContaining("compared by its knee, one run a side");
    }

    @Test
    void acceptsTheJmhJsonFileAsWellAsItsFolder() throws Exception {
        LoadedResults viaFile = ResultsLoader.load(Fixtures.aa1().resolve("jmh.json"));

        assertThat(viaFile.hasSummary()).isTrue();
        assertThat(viaFile.runs().keySet()).containsExactlyElementsOf(ResultsLoader.load(Fixtures.aa1()).runs().keySet());
    }

    @Test
    void bareJmhJsonFallsBackToMethodNamesWithoutIdeals(@TempDir Path dir) throws Exception {
        Files.copy(Fixtures.aa1().resolve("jmh.json"), dir.resolve("jmh.json"));

        LoadedResults results = ResultsLoader.load(dir.resolve("jmh.json"));

        assertThat(results.hasSummary()).isFalse();
        assertThat(results.runs().get(VIRTUAL).label()).isEqualTo("fetchN [latencyMs=2;model=virtual;n=8]");
        assertThat(Basis.IDEAL.knows(results.runs().get(VIRTUAL))).isFalse();
    }

    @Test
    void poolsForksOfABenchmarkRepeatedInConcatenatedRuns(@TempDir Path dir) throws Exception {
        String one = Files.readString(Fixtures.aa1().resolve("jmh.json")).strip();
        String body = one.substring(1, one.length() - 1);
        Files.writeString(dir.resolve("jmh.json"), "[" + body + "," + body + "]");

        assertThat(ResultsLoader.load(dir.resolve("jmh.json")).runs().get(VIRTUAL).forks()).hasSize(16);
    }

    @Test
    void aResultsFolderWithoutItsSummaryOrWithAShortOneIsIncomplete(@TempDir Path dir) throws Exception {
        Files.copy(Fixtures.aa1().resolve("jmh.json"), dir.resolve("jmh.json"));
        assertThatThrownBy(() -> ResultsLoader.load(dir)).isInstanceOf(InputException.class)
                .hasMessageContaining("has no summary.csv: the run is incomplete").hasMessageContaining("give its jmh.json");

        List<String> summary = Files.readAllLines(Fixtures.aa1().resolve("summary.csv"));
        Files.write(dir.resolve("summary.csv"), summary.subList(0, 1));
        assertThatThrownBy(() -> ResultsLoader.load(dir)).isInstanceOf(InputException.class)
                .hasMessageContaining("has no row for 3 of the 3 results in jmh.json");

        Files.write(dir.resolve("summary.csv"), summary.subList(0, summary.size() - 1));
        assertThatThrownBy(() -> ResultsLoader.load(dir)).isInstanceOf(InputException.class)
                .hasMessageContaining("has no row for 1 of the 3 results in jmh.json, so the run is incomplete: ");
    }

    @Test
    void rejectsMissingAndMalformedInputWithOneLineMessages(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> ResultsLoader.load(dir.resolve("nope")))
                .isInstanceOf(InputException.class).hasMessageContaining("no such file or folder");
        assertThatThrownBy(() -> ResultsLoader.load(dir))
                .isInstanceOf(InputException.class).hasMessageContaining("no jmh.json in results folder");
        Files.writeString(dir.resolve("jmh.json"), "[ { \"benchmark\" : ");
        assertThatThrownBy(() -> ResultsLoader.load(dir.resolve("jmh.json")))
                .isInstanceOf(InputException.class).hasMessageStartingWith("malformed JSON in").hasMessageNotContaining("\n");
        Files.writeString(dir.resolve("jmh.json"), "{\"not\": \"jmh\"}");
        assertThatThrownBy(() -> ResultsLoader.load(dir.resolve("jmh.json")))
                .isInstanceOf(InputException.class).hasMessageContaining("expected a JSON array");
    }
}
