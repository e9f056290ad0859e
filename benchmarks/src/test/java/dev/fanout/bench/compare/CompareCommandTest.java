package dev.fanout.bench.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.fanout.bench.recording.Slowdown;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.fanout.bench.compare.Fixtures.aa1;
import static dev.fanout.bench.compare.Fixtures.aa2;
import static dev.fanout.bench.compare.Fixtures.run;
import static dev.fanout.bench.compare.Fixtures.worsened;
import static org.assertj.core.api.Assertions.assertThat;

class CompareCommandTest {

    @TempDir
    Path tmp;

    @Test
    void twoRealRunsOfOneBuildAreNoRegression() {
        Fixtures.Outcome result = run(aa1(), aa2());

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).contains("3 compared: 0 worse").contains("No regression");
        // The hash throughput moved 7% between the two runs, significantly (per-iteration samples): the
        // threshold is what keeps this A/A pair green.
        assertThat(result.out()).containsPattern("sha256 .* ~");
    }

    @Test
    void everyScore30PercentWorseFailsAndNamesEachBenchmark() {
        Fixtures.Outcome result = run(aa1(), worsened(aa1(), tmp.resolve("worse"), 1.3));

        assertThat(result.exitCode()).isEqualTo(1);
        String last = result.out().strip().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(last).contains("3 worse").contains("REGRESSION")
                .contains("sha256")
                .contains("fetch_n [latencyMs=2;model=fixed_pool;n=8]")
                .contains("fetch_n [latencyMs=2;model=virtual;n=8]");
        // Both directions: ops/s fell, ms/op rose.
        assertThat(result.out()).containsPattern("sha256 .* -23\\.\\d% .* worse");
        assertThat(result.out()).containsPattern("fixed_pool.* \\+30\\.\\d% .* worse");
    }

    /** A gate-power run slowed on purpose says so on either side, from its meta.json; its verdicts stand as they are. */
    @Test
    void aRunSlowedOnPurposeIsNamedOnEitherSide() throws Exception {
        Path slowed = worsened(aa1(), tmp.resolve("slowed"), 1.3);
        Files.writeString(slowed.resolve("meta.json"), """
                {"profile": "ci", "slowdown": {"server_by_percent": 15.0, "client_by_us": 30}}""");

        Fixtures.Outcome asBaseline = run(slowed, aa1());
        Fixtures.Outcome asCurrent = run(aa1(), slowed);

        assertThat(asCurrent.exitCode()).as("still judged: the slowdown is caught").isEqualTo(1);
        assertThat(asCurrent.out()).contains("the current run was slowed on purpose (the server 15% later, the client"
                + " 30 µs more a response: its meta.json's slowdown)").doesNotContain("the baseline was slowed");
        assertThat(asBaseline.out()).contains("the baseline was slowed on purpose (the server 15% later, the client"
                + " 30 µs more a response").doesNotContain("the current run was slowed");
        Files.writeString(slowed.resolve("meta.json"), """
                {"profile": "ci", "slowdown": {"server_by_percent": 0.0, "client_by_us": 0}}""");
        assertThat(run(aa1(), slowed).out()).doesNotContain("slowed on purpose");
        Files.writeString(slowed.resolve("meta.json"), """
                {"profile": "ci", "slowdown": {"server_by_percent": 0.0, "client_by_us": -5}}""");
        assertOneLineError(run(aa1(), slowed), "meta.json: slowdown: a client slowdown must be 0 µs or more, got -5");
    }

    @Test
    void aSlowdownIsNamedAsItWasAskedFor() {
        assertThat(Comparer.describe(new Slowdown(12.5, 30)))
                .isEqualTo("the server 12.5% later, the client 30 µs more a response");
        assertThat(Comparer.describe(new Slowdown(15, 0))).isEqualTo("the server 15% later");
        assertThat(Comparer.describe(new Slowdown(0, 7))).isEqualTo("the client 7 µs more a response");
    }

    @Test
    void everyScore30PercentBetterIsBetterAndPasses() {
        Fixtures.Outcome result = run(aa1(), worsened(aa1(), tmp.resolve("better"), 1 / 1.3));

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("0 worse, 3 better");
    }

    @Test
    void threePercentWorseWithTinyNoiseIsBelowTheThreshold() {
        Path current = worsened(aa1(), tmp.resolve("slightly"), 1.03, 0.001, r -> true);

        Fixtures.Outcome result = run(aa1(), current, "--format", "json");

        assertThat(result.exitCode()).isZero();
        for (JsonNode c : Fixtures.json(result.out()).get("comparisons")) {
            assertThat(Math.abs(c.get("changePercent").asDouble())).isBetween(2.0, 4.0);
            assertThat(c.get("verdict").asText()).isEqualTo("~");
            assertThat(c.get("detectableSlowdownPercent").asDouble()).as("no change, but not blind to one")
                    .isGreaterThanOrEqualTo(10);
        }
    }

    @Test
    void aParamIsPartOfTheIdentity() {
        Path current = worsened(aa1(), tmp.resolve("virtual-only"), 1.3, 0,
                r -> r.path("params").path("model").asText().equals("virtual"));

        Fixtures.Outcome result = run(aa1(), current);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("3 compared: 1 worse")
                .containsPattern("fixed_pool.* ~\\n")
                .endsWith("REGRESSION: fetch_n [latencyMs=2;model=virtual;n=8]\n");
    }

    @Test
    void jmhJsonPathsWorkLikeFolders() {
        Fixtures.Outcome folders = run(aa1(), aa2());
        Fixtures.Outcome files = run(aa1().resolve("jmh.json"), aa2().resolve("jmh.json"));

        assertThat(files.exitCode()).isZero();
        assertThat(files.out().lines().skip(1)).containsExactlyElementsOf(folders.out().lines().skip(1).toList());
    }

    @Test
    void bareJmhJsonComparesRawScoresAndSaysSo() throws Exception {
        Files.createDirectories(tmp.resolve("bare"));
        Files.copy(aa2().resolve("jmh.json"), tmp.resolve("bare/jmh.json"));

        Fixtures.Outcome result = run(aa1(), tmp.resolve("bare/jmh.json"));

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("raw JMH scores only").doesNotContain("x ideal");
    }

    /** perf.yml's rounds: base and head run alternately, several times each, and compared side against side. */
    @Test
    void roundsOfEachSideAreComparedAsOne() {
        Path worse1 = worsened(aa1(), tmp.resolve("worse1"), 1.3);
        Path worse2 = worsened(aa2(), tmp.resolve("worse2"), 1.3);

        Fixtures.Outcome result = run(aa1() + "," + aa2(), worse1 + "," + worse2, "--format", "json");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        JsonNode report = Fixtures.json(result.out());
        assertThat(report.path("baseline").asText()).isEqualTo(aa1().resolve("jmh.json") + "," + aa2().resolve("jmh.json"));
        assertThat(report.path("current").asText()).isEqualTo(worse1.resolve("jmh.json") + "," + worse2.resolve("jmh.json"));
        // Each fan-out's 8 forks a run, pooled over two rounds a side; the hash's 2 a run are 4, too few for a verdict.
        assertThat(report.path("comparisons")).as(result.out()).hasSize(3)
                .filteredOn(c -> c.path("jmhBenchmark").asText().equals("scratch.FanOut.fetchN")).hasSize(2)
                .allSatisfy(c -> {
                    assertThat(c.path("baselineSamples").asInt()).isEqualTo(16);
                    assertThat(c.path("currentSamples").asInt()).isEqualTo(16);
                    assertThat(c.path("verdict").asText()).isEqualTo("worse");
                });
        assertThat(run(aa1() + "," + aa2(), aa2() + "," + aa1()).err()).as("a run on both sides")
                .contains("are the same run: compared with itself");
    }

    /**
     * One round that drew slow as a whole, pooled with a round 8% slower (under the threshold), makes the pooled
     * samples worse by Mann-Whitney and the threshold; it is no regression unless every current round is worse than
     * every baseline round.
     */
    @Test
    void oneSlowRoundOfSeveralIsNoRegression() {
        Path normal = worsened(aa2(), tmp.resolve("normal"), 1.08);
        Path slow = worsened(aa1(), tmp.resolve("slow"), 1.5);

        Fixtures.Outcome result = run(aa1() + "," + aa2(), normal + "," + slow);

        assertThat(result.exitCode()).as(result.out()).isZero();
        assertThat(result.out()).contains("worse pooled, but in 2 of 4 pairs of rounds only, so ~: fetch_n "
                + "[latencyMs=2;model=virtual;n=8]").contains("No regression")
                .contains("; 2 and 2 runs a side, their forks pooled, and worse or better only when every pair of a"
                        + " baseline run and a current run is too");
        assertThat(run(aa1() + "," + aa2(), slow + "," + worsened(aa2(), tmp.resolve("slow2"), 1.5)).exitCode())
                .as("every round slow").isEqualTo(1);
    }

    /** A row one round lacks is judged on the rounds that have it, and cannot be agreed on by every pair. */
    @Test
    void aRowOneRoundLacksIsNamedAsSuch() throws Exception {
        Path lacking = worsened(aa2(), tmp.resolve("lacking"), 1.3);
        ArrayNode results = (ArrayNode) Fixtures.JSON.readTree(lacking.resolve("jmh.json").toFile());
        results.remove(2);
        Fixtures.JSON.writeValue(lacking.resolve("jmh.json").toFile(), results);
        assertThat(results.toString()).doesNotContain("\"model\":\"virtual\"");

        Fixtures.Outcome result = run(aa1() + "," + aa2(), worsened(aa1(), tmp.resolve("worse1"), 1.3) + "," + lacking);

        assertThat(result.out()).contains("worse pooled, but in 2 of 4 pairs of rounds only (2 without it: a run lacks"
                + " it), so ~: fetch_n [latencyMs=2;model=virtual;n=8]");
        assertThat(result.out()).containsPattern("fixed_pool.* \\+30\\.\\d% .* worse");
    }

    @Test
    void aRunGivenTwiceOnOneSideIsRefused() {
        Fixtures.Outcome result = run(aa1() + "," + aa1().resolve("jmh.json"), aa2());

        assertOneLineError(result, "are the same run, given twice on one side: its forks would count twice");
    }

    @Test
    void aRunComparedWithItselfIsRefused() {
        Fixtures.Outcome result = run(aa1(), aa1().resolve("jmh.json"));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("are the same run").hasLineCount(1);
    }

    @Test
    void aTimedBenchmarkWithoutAnIdealIsSaidToBeJudgedOnItsRawScore() throws Exception {
        Path noIdeal = tmp.resolve("no-ideal");
        Files.createDirectories(noIdeal);
        Files.copy(aa2().resolve("jmh.json"), noIdeal.resolve("jmh.json"));
        Files.writeString(noIdeal.resolve("summary.csv"), Files.readString(aa2().resolve("summary.csv"))
                .replace(",,4,,ok,scratch.FanOut.fetchN,latencyMs=2;model=fixed_pool", ",,,,ok,scratch.FanOut.fetchN,latencyMs=2;model=fixed_pool"));

        Fixtures.Outcome result = run(aa1(), noIdeal);

        assertThat(result.out()).contains("judged on raw ms/op, not on its ratio_to_ideal (no ideal_ms on the current"
                + " side): fetch_n [latencyMs=2;model=fixed_pool;n=8]");
    }

    @Test
    void runsWithNothingInCommonNameEveryRowOnALineOfItsOwnAndExitTwo() throws Exception {
        Files.writeString(tmp.resolve("other.json"), """
                [{"benchmark": "a.B.c", "mode": "avgt", "forks": 1, "params": {"n": "5"},
                  "primaryMetric": {"score": 1.0, "scoreUnit": "ms/op", "rawData": [[1.0, 1.1]]}}]
                """);

        Fixtures.Outcome result = run(aa1(), tmp.resolve("other.json"));

        assertThat(result.exitCode()).isEqualTo(2);
        long baselineRows = Files.readAllLines(aa1().resolve("summary.csv")).size() - 1;
        assertThat(result.out().lines().filter(l -> l.startsWith("only in baseline, not compared: "))).hasSize((int) baselineRows);
        assertThat(result.out()).contains("only in current, not compared: c [n=5]\n")
                .contains("Nothing in common: no benchmark of");
    }

    @Test
    void badInputIsExitTwoWithOneLine() throws Exception {
        Files.writeString(tmp.resolve("broken.json"), "[{\"benchmark\": \"a.B.c\", ");
        Files.writeString(tmp.resolve("other.json"), """
                [{"benchmark": "a.B.c", "mode": "avgt", "forks": 1,
                  "primaryMetric": {"score": 1.0, "scoreUnit": "ms/op", "rawData": [[1.0, 1.1]]}}]
                """);

        assertOneLineError(run(aa1(), tmp.resolve("missing")), "no such file or folder");
        assertOneLineError(run(aa1(), tmp.resolve("broken.json")), "malformed JSON");
        assertOneLineError(run(aa1()), "Missing required parameter");
        assertOneLineError(run(aa1(), aa2(), "--format", "html"), "--format");
        assertOneLineError(run(aa1(), aa2(), "--export", "grafana"), "github-action-benchmark or bencher");
        assertOneLineError(run(aa1(), aa2(), "--alpha", "2"), "--alpha");
    }

    private static void assertOneLineError(Fixtures.Outcome result, String message) {
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains(message).startsWith("compare: ").hasLineCount(1);
    }

    @Test
    void helpGoesToStdoutWithExitZero() {
        Fixtures.Outcome result = run("--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Usage: compare").contains("--threshold").contains("--export");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void markdownIsATableWithOneRowPerBenchmark() {
        Fixtures.Outcome result = run(aa1(), worsened(aa1(), tmp.resolve("worse"), 1.3), "--format", "markdown");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).startsWith("### Benchmark comparison");
        var rows = result.out().lines().filter(l -> l.startsWith("|")).toList();
        assertThat(rows).hasSize(2 + 3).allSatisfy(row -> assertThat(row.split(" \\| ")).hasSize(8));
        assertThat(rows.get(0)).contains("benchmark").contains("detectable").contains("p (Holm)").contains("verdict");
        assertThat(result.out()).contains("**3 compared: 3 worse");
    }

    @Test
    void jsonHasEveryComparisonAndTheVerdicts() {
        Fixtures.Outcome result = run(aa1(), worsened(aa1(), tmp.resolve("worse"), 1.3), "--format", "json");

        JsonNode root = Fixtures.json(result.out());
        assertThat(root.get("alpha").asDouble()).isEqualTo(0.01);
        assertThat(root.get("exitCode").asInt()).isEqualTo(1);
        assertThat(root.get("worse")).hasSize(3);
        JsonNode virtual = root.get("comparisons").get(2);
        assertThat(virtual.get("params").get("model").asText()).isEqualTo("virtual");
        assertThat(virtual.get("samples").asText()).isEqualTo("per fork");
        assertThat(virtual.get("judgedOn").asText()).isEqualTo("ratio_to_ideal");
        assertThat(virtual.get("currentRatio").asDouble()).isGreaterThan(1.3);
        assertThat(virtual.get("pHolm").asDouble()).isLessThan(0.01);
        assertThat(virtual.get("verdict").asText()).isEqualTo("worse");
    }
}
