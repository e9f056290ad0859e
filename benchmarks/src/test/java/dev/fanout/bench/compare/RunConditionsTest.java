package dev.fanout.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.bench.recording.RunConditions;
import dev.fanout.bench.recording.Slowdown;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two runs that measured under different conditions (compilers trained ahead or not, code warmed for longer or shorter,
 * CPUs pinned or not) differ by that as well as by their code: {@code compare} says so, and will not pool them as one
 * side.
 */
class RunConditionsTest {
    private static final BenchmarkKey KEY = BenchmarkKey.of("dev.fanout.bench.jmh.FanOutBenchmark.fanOut", "avgt",
            Map.of("n", "10000"));
    private static final RunConditions TRAINED = new RunConditions(true, null, 6_000L);
    private static final RunConditions UNTRAINED = new RunConditions(false, null, 6_000L);

    @Test
    void metaJsonGivesTheTrainingThePinningAndTheCodeWarmUp() throws Exception {
        RunConditions pinned = RunConditions.fromMeta(Fixtures.JSON.readTree("""
                {"aot_training": true, "cpu_pinning": {"server_cpus": "0", "client_cpus": "1", "server_allowed": "0"},
                 "code_warm_up_limit_ms": 1000}"""));
        RunConditions before = RunConditions.fromMeta(Fixtures.JSON.readTree("""
                {"cpu_pinning": null}"""));

        assertThat(pinned).isEqualTo(new RunConditions(true, "server 0, client 1", 1_000L));
        assertThat(before).isEqualTo(RunConditions.UNKNOWN);
    }

    @Test
    void onlyWhatBothRunsSayAndDisagreeOnIsADifference() {
        assertThat(TRAINED.differencesTo(new RunConditions(false, "server 0, client 1", 1_000L))).containsExactly(
                "aot_training true -> false", "code_warm_up_limit_ms 6000 -> 1000", "cpu_pinning none -> server 0, client 1");
        assertThat(TRAINED.differencesTo(new RunConditions(true, null, 6_000L))).isEmpty();
        assertThat(TRAINED.differencesTo(new RunConditions(true, null, null))).as("a run from before the warm-up's field")
                .isEmpty();
        assertThat(RunConditions.UNKNOWN.differencesTo(UNTRAINED)).as("a run from before the field").isEmpty();
    }

    @Test
    void compareNotesRunsThatMeasuredUnderDifferentConditions() throws InputException {
        Report differ = Comparer.compare(side("a", TRAINED), side("b", UNTRAINED), new RegressionRule(0.01, 10));
        Report alike = Comparer.compare(side("a", TRAINED), side("b", TRAINED), new RegressionRule(0.01, 10));

        assertThat(differ.notes()).anyMatch(note -> note.startsWith("the runs measured under different conditions")
                && note.contains("aot_training true -> false"));
        assertThat(alike.notes()).noneMatch(note -> note.contains("different conditions"));
    }

    @Test
    void runsThatMeasuredUnderDifferentConditionsAreNotPooledAsOneSide() {
        assertThatThrownBy(() -> ResultsLoader.pool(List.of(side("a", TRAINED), side("b", UNTRAINED))))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("must have measured alike").hasMessageContaining("aot_training true -> false");
    }

    private static LoadedResults side(String dir, RunConditions conditions) {
        BenchmarkRun run = new BenchmarkRun(KEY, ScoreUnit.MS_PER_OP, List.of(new double[] {400}, new double[] {401}),
                "event_loop n=10000", 100, 350);
        return new LoadedResults(List.of(Path.of(dir, "jmh.json")), Map.of(KEY, run), true, Map.of(), null,
                Slowdown.NONE, conditions);
    }
}
