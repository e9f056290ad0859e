package dev.fanout.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.bench.recording.RunConditions;
import dev.fanout.bench.recording.Slowdown;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineComparisonTest {
    private static final BenchmarkKey KEY = BenchmarkKey.of("dev.fanout.bench.jmh.FanOutBenchmark.fanOut", "avgt",
            Map.of("n", "10000"));

    private static Machine machine(String kernel, double loopMs, double threadUs) {
        Map<String, Double> calibration = new LinkedHashMap<>();
        calibration.put("cpu_loop_ms", loopMs);
        calibration.put("thread_start_us", threadUs);
        return new Machine(kernel, "AMD EPYC", 2, calibration);
    }

    @Test
    void figuresWithinTheirNoiseAreOneMachineWhateverTheKernelBuild() {
        MachineComparison same = MachineComparison.of(machine("Linux 6.18 #782", 41.0, 60), machine("Linux 6.18 #1272", 42.0, 66));

        assertThat(same.differ()).isFalse();
        assertThat(same.basis()).isEqualTo(Basis.IDEAL);
        assertThat(same.note()).startsWith("the machines agree within their calibration's noise")
                .contains("kernel: Linux 6.18 #782 -> Linux 6.18 #1272").contains("cpu_loop_ms: 41.00 -> 42.00 (+2%)");
    }

    @Test
    void aCalibrationFigureBeyondItsNoiseMakesTheFanOutsBeJudgedOnTheirBounds() {
        MachineComparison other = MachineComparison.of(machine("k", 41.0, 60), machine("k", 55.0, 61));

        assertThat(other.differ()).isTrue();
        assertThat(other.basis()).isEqualTo(Basis.BOUND);
        assertThat(other.note()).contains("judged on each run's ratio to its own tight bound")
                .contains("cpu_loop_ms: 41.00 -> 55.00 (+34%, beyond its noise of 15%)");
    }

    /** Seven runs of one build within 35 minutes: the loopback figures moved by up to 2.3 x, a thread's start 29%. */
    @Test
    void theLoopbackFiguresAreShownNotJudgedAndAThreadsStartHasItsOwnNoise() {
        Map<String, Double> before = new LinkedHashMap<>(machine("k", 85.8, 192).calibration());
        before.put("loopback_server_cpu_us", 56.0);
        Map<String, Double> after = new LinkedHashMap<>(machine("k", 90.0, 227).calibration());
        after.put("loopback_server_cpu_us", 128.0);

        MachineComparison same = MachineComparison.of(new Machine("k", "AMD EPYC", 2, before),
                new Machine("k", "AMD EPYC", 2, after));

        assertThat(same.differ()).isFalse();
        assertThat(same.note()).startsWith("the machines agree")
                .contains("loopback_server_cpu_us: 56.00 -> 128.0 (+129%, not judged: it moves this much on one machine)")
                .contains("thread_start_us: 192.0 -> 227.0 (+18%)");
        Map<String, Double> loopbackOnly = Map.of("loopback_server_cpu_us", 56.0);
        assertThat(MachineComparison.of(new Machine("k", "AMD EPYC", 2, loopbackOnly),
                new Machine("k", "AMD EPYC", 2, Map.of("loopback_server_cpu_us", 128.0))).note())
                .as("no judged figure in common").startsWith("whether the machines differ is unknown");
    }

    @Test
    void aRunWithoutCalibrationCannotBeSaidToAgree() {
        MachineComparison unknown = MachineComparison.of(new Machine("Linux 6.18 #782", "AMD EPYC", 2, Map.of()),
                machine("Linux 6.18 #1272", 41.0, 60));

        assertThat(unknown.differ()).isFalse();
        assertThat(unknown.note()).startsWith("whether the machines differ is unknown")
                .contains("kernel: Linux 6.18 #782 -> Linux 6.18 #1272");
    }

    @Test
    void runsThatDoNotSayWhatTheyRanOnAreJudgedAsBefore() {
        assertThat(MachineComparison.of(null, machine("k", 41.0, 60)).basis()).isEqualTo(Basis.IDEAL);
        assertThat(MachineComparison.of(null, null).note()).isNull();
    }

    @Test
    void metaJsonGivesTheMachineAndItsCalibration(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("meta.json"), """
                {"os": "Linux 6.18.44 amd64", "kernel": "Linux version 6.18.44 (builder) #1272", "cores": 2,
                 "cpu_model": "AMD EPYC", "calibration": {"cpu_loop_ms": 41.5, "thread_start_us": 63.0,
                 "loopback_client_cpu_us": 11.2, "loopback_server_cpu_us": null}}""");

        Machine machine = Machine.of(Fixtures.JSON.readTree(dir.resolve("meta.json").toFile()));

        assertThat(machine.kernel()).isEqualTo("Linux version 6.18.44 (builder) #1272");
        assertThat(machine.calibration()).containsOnlyKeys("cpu_loop_ms", "thread_start_us", "loopback_client_cpu_us");
        assertThat(Machine.of(null)).isNull();
    }

    /** Machines that differ: the fan-out on the slower one is 30% slower, and so is its bound; no regression. */
    @Test
    void compareJudgesARunOnAnotherMachineByItsRatioToItsBound() throws InputException {
        BenchmarkRun fast = new BenchmarkRun(KEY, ScoreUnit.MS_PER_OP, forks(500), "event_loop n=10000", 100, 400);
        BenchmarkRun slow = new BenchmarkRun(KEY, ScoreUnit.MS_PER_OP, forks(650), "event_loop n=10000", 100, 520);
        LoadedResults baseline = new LoadedResults(List.of(Path.of("a/jmh.json")), Map.of(KEY, fast), true, Map.of(),
                machine("k", 41.0, 60), Slowdown.NONE, RunConditions.UNKNOWN);
        LoadedResults current = new LoadedResults(List.of(Path.of("b/jmh.json")), Map.of(KEY, slow), true, Map.of(),
                machine("k", 53.3, 78), Slowdown.NONE, RunConditions.UNKNOWN);

        Report report = Comparer.compare(baseline, current, new RegressionRule(0.01, 10));

        assertThat(report.comparisons()).singleElement().satisfies(c -> {
            assertThat(c.basis()).isEqualTo(Basis.BOUND);
            assertThat(c.verdict()).isEqualTo(Verdict.SAME);
        });
        assertThat(report.notes()).anyMatch(note -> note.startsWith("the machines differ"));
        assertThat(report.exitCode()).isZero();
    }

    private static List<double[]> forks(double ms) {
        return List.of(new double[] {ms}, new double[] {ms * 1.002}, new double[] {ms * 1.004}, new double[] {ms * 1.006},
                new double[] {ms * 1.008}, new double[] {ms * 1.01}, new double[] {ms * 1.012}, new double[] {ms * 1.014});
    }
}
