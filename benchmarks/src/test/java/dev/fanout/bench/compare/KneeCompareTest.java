package dev.fanout.bench.compare;

import static dev.fanout.bench.compare.Fixtures.aa1;
import static dev.fanout.bench.compare.Fixtures.resource;
import static dev.fanout.bench.compare.Fixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Service-mode sweeps are compared by their knee, higher is better, reported and never failed on; their steps' JMH
 * scores are not compared.
 */
class KneeCompareTest {
    private static final String SWEEP = "virtual_threads okhttp n=10 L=100 knee";

    @TempDir
    Path tmp;

    @Test
    void aSweepWithTheSameKneeIsNoRegressionAndItsStepsAreNotTimed() throws IOException {
        Fixtures.Outcome result = run(service(), withKnee(200));

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).containsPattern(SWEEP + " +200/s +200/s +\\+0\\.0% +~")
                .contains("0 compared: 0 worse, 0 better, 0 ~, 0 ? (too few samples); 1 knee: 0 lower, 0 higher"
                        + " (one sweep a side: reported, not failed on). No regression.")
                .doesNotContain("rate=1000/s");
    }

    @Test
    void aLowerKneeIsReportedButDoesNotFailTheComparison() throws IOException {
        Fixtures.Outcome result = run(service(), withKnee(100));

        assertThat(result.exitCode()).as("two runs of one build moved knees by two steps").isZero();
        assertThat(result.out()).containsPattern(SWEEP + " +200/s +100/s +-50\\.0% +lower");
        assertThat(result.out().strip().lines().reduce((a, b) -> b).orElseThrow())
                .endsWith("1 knee: 1 lower, 0 higher (one sweep a side: reported, not failed on). No regression.");
    }

    @Test
    void aSweepThatNoLongerHoldsAnyStepIsLowerAndAHigherKneeHigher() throws IOException {
        assertThat(run(service(), withKnee(null)).out()).containsPattern(SWEEP + " +200/s +none held +-100\\.0% +lower");
        Fixtures.Outcome higher = run(service(), withKnee(400), "--format", "json");

        assertThat(higher.exitCode()).isZero();
        assertThat(higher.out()).contains("\"sweep\" : \"" + SWEEP + "\"").contains("\"baseline\" : 200")
                .contains("\"current\" : 400").contains("\"knee\" : \"higher\"");
    }

    @Test
    void aKneeOnOneSideOnlyIsNamedNotCompared() {
        Fixtures.Outcome result = run(aa1(), service());

        assertThat(result.out()).contains("only in current, not compared: " + SWEEP);
        assertThat(result.exitCode()).as("nothing in common").isEqualTo(2);
    }

    private static Path service() {
        return resource("compare/service");
    }

    /** The service fixture with its knee row's rate set to {@code knee} (blank: no step held). */
    private Path withKnee(Integer knee) throws IOException {
        Path dir = tmp.resolve("knee-" + knee);
        Files.createDirectories(dir);
        Files.copy(service().resolve("jmh.json"), dir.resolve("jmh.json"));
        List<String> lines = Files.readAllLines(service().resolve("summary.csv"));
        List<String> edited = lines.stream().map(line -> line.startsWith(SWEEP + ",")
                ? line.replaceFirst("^(" + SWEEP + ",knee,(?:[^,]*,){9})200,", "$1" + (knee == null ? "" : knee) + ",")
                : line).toList();
        assertThat(edited.stream().filter(line -> line.startsWith(SWEEP + ",knee," + "virtual_threads"))
                .map(line -> line.split(",")[11])).as("the knee row's rate").containsExactly(knee == null ? "" : knee.toString());
        Files.write(dir.resolve("summary.csv"), edited);
        return dir;
    }
}
