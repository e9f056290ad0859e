package dev.fanout.bench.profiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.bench.models.Pinning;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.profile.ProfilerException;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs {@link TinyFanOut} in JMH forks with the profiler and checks what it reports. */
class FootprintProfilerTest {
    private static final List<String> ALWAYS_REPORTED = List.of(
            FootprintProfiler.THREADS_PEAK, FootprintProfiler.VTHREADS_STARTED, FootprintProfiler.RSS_PEAK_MB,
            FootprintProfiler.HEAP_COMMITTED_MB, FootprintProfiler.NONHEAP_COMMITTED_MB,
            FootprintProfiler.ALLOC_BYTES_PER_OP, FootprintProfiler.CPU_MS_PER_OP, FootprintProfiler.PINNED_EVENTS);

    @TempDir
    static Path resultsDir;

    private static final Map<String, RunResult> RUNS = new HashMap<>();

    @BeforeAll
    static void runTinyFanOutWithTheProfiler() throws Exception {
        // Other builds on this machine may run JMH too: its lock is for benchmarks, not for tests.
        System.setProperty("jmh.ignoreLock", "true");
        Collection<RunResult> runs = new Runner(new OptionsBuilder()
                .include(TinyFanOut.class.getName().replace(".", "\\.") + "\\.")
                .include(CpuOutsideTheOps.class.getName().replace(".", "\\.") + "\\.")
                .addProfiler(FootprintProfiler.class, "vthreads=true")
                .forks(1)
                .warmupIterations(1)
                .warmupTime(TimeValue.milliseconds(300))
                .measurementIterations(2)
                .measurementTime(TimeValue.milliseconds(500))
                .jvmArgsAppend("-Xmx512m", "-D" + dev.fanout.bench.recording.ResultsLayout.RESULTS_DIR_PROPERTY + "=" + resultsDir)
                .shouldFailOnError(true)
                .build()).run();
        for (RunResult run : runs) {
            String benchmark = run.getParams().getBenchmark();
            RUNS.put(benchmark.substring(benchmark.lastIndexOf('.') + 1), run);
        }
        assertThat(RUNS).containsOnlyKeys("platformThreadPerTask", "virtualThreadPerTask", "virtualThreadsPinned",
                "virtualThreadsSynchronized", "op");
    }

    @Test
    void everyMetricIsReportedForEveryFanOut() {
        RUNS.forEach((benchmark, run) -> {
            if (benchmark.equals("op")) {
                return; // CpuOutsideTheOps allocates nothing: its allocation is 0, not positive
            }
            assertThat(run.getSecondaryResults()).as(benchmark).containsKeys(ALWAYS_REPORTED.toArray(String[]::new));
            for (String positive : List.of(FootprintProfiler.THREADS_PEAK, FootprintProfiler.RSS_PEAK_MB,
                    FootprintProfiler.HEAP_COMMITTED_MB, FootprintProfiler.NONHEAP_COMMITTED_MB,
                    FootprintProfiler.ALLOC_BYTES_PER_OP, FootprintProfiler.CPU_MS_PER_OP)) {
                assertThat(metric(benchmark, positive)).as(benchmark + " " + positive).isPositive();
            }
        });
    }

    @Test
    void aPlatformThreadPerTaskPeaksAtOneThreadPerTask() {
        assertThat(metric("platformThreadPerTask", FootprintProfiler.THREADS_PEAK))
                .isGreaterThanOrEqualTo(TinyFanOut.TASKS);
        assertThat(metric("platformThreadPerTask", FootprintProfiler.VTHREADS_STARTED)).isZero();
    }

    @Test
    void virtualThreadsStayOnAFewPlatformThreadsAndAreCounted() {
        assertThat(metric("virtualThreadPerTask", FootprintProfiler.THREADS_PEAK)).isLessThan(20);
        long ops = allOps("virtualThreadPerTask");
        assertThat(ops).isPositive();
        // Each op starts its tasks; one op may still be in flight when an iteration ends.
        assertThat(metric("virtualThreadPerTask", FootprintProfiler.VTHREADS_STARTED))
                .isBetween((double) TinyFanOut.TASKS * ops, (double) TinyFanOut.TASKS * (ops + 2));
    }

    /**
     * Each measured iteration's CPU per op is the op's own 2 ms, the last one included, although the trial's
     * tear-down (1 s of CPU, run by JMH before the profiler's last afterIteration) would add several ms per op
     * to it if counted. The upper bound leaves room for the op's own overhead on a loaded machine.
     */
    @Test
    void cpuPerOpIsTheOpsOwnNotTheTearDowns() {
        for (BenchmarkResult fork : RUNS.get("op").getBenchmarkResults()) {
            for (IterationResult iteration : fork.getIterationResults()) {
                double cpu = iteration.getSecondaryResults().get(FootprintProfiler.CPU_MS_PER_OP).getScore();
                assertThat(cpu).isBetween(0.9 * CpuOutsideTheOps.OP_CPU_MS, 1.5 * CpuOutsideTheOps.OP_CPU_MS);
            }
        }
        assertThat(RUNS.get("op").getSecondaryResults()).containsKey(FootprintProfiler.JIT_CPU_MS_PER_OP);
    }

    @Test
    void allocationCountsTheBuffersOfThreadsThatEndedAndOfVirtualThreads() {
        double perOp = (double) TinyFanOut.TASKS * TinyFanOut.BYTES_PER_TASK;
        assertThat(metric("platformThreadPerTask", FootprintProfiler.ALLOC_BYTES_PER_OP)).isGreaterThanOrEqualTo(perOp);
        assertThat(metric("virtualThreadPerTask", FootprintProfiler.ALLOC_BYTES_PER_OP)).isGreaterThanOrEqualTo(perOp);
    }

    @Test
    void pinningIsCountedWhereItHappensAndOnlyThere() {
        assertThat(metric("virtualThreadsPinned", FootprintProfiler.PINNED_EVENTS))
                .isGreaterThanOrEqualTo((double) TinyFanOut.PINNED_TASKS * allOps("virtualThreadsPinned"));
        assertThat(metric("virtualThreadPerTask", FootprintProfiler.PINNED_EVENTS)).isZero();
        assertThat(metric("platformThreadPerTask", FootprintProfiler.PINNED_EVENTS)).isZero();
        if (Pinning.monitorsPin()) {
            assertThat(metric("virtualThreadsSynchronized", FootprintProfiler.PINNED_EVENTS)).isPositive();
        } else {
            assertThat(metric("virtualThreadsSynchronized", FootprintProfiler.PINNED_EVENTS)).isZero();
        }
    }

    @Test
    void pinnedStacksAreWrittenForThePinningBenchmarkOnly() throws IOException {
        List<Path> reports;
        try (Stream<Path> files = Files.list(resultsDir.resolve("pinning"))) {
            reports = files.toList();
        }
        assertThat(reports).singleElement().satisfies(report ->
                assertThat(report.getFileName().toString()).startsWith(TinyFanOut.class.getName() + ".virtualThreadsPinned-"));
        JsonNode json = new ObjectMapper().readTree(reports.get(0).toFile());
        assertThat(json.get("pinnedEvents").asLong())
                .isEqualTo((long) metric("virtualThreadsPinned", FootprintProfiler.PINNED_EVENTS));
        assertThat(json.get("topFrames").get(0).get("frame").asText()).startsWith(TinyFanOut.class.getName() + ".fetch:");
        assertThat(json.get("topStacks").get(0).get("frames").toString()).contains("Pinning.pinnedCall");
    }

    @Test
    void rejectsUnknownAndMalformedOptions() throws ProfilerException {
        new FootprintProfiler("pinning=false;vthreads=false;rss=sample;rssPeriodMs=5");
        assertThatThrownBy(() -> new FootprintProfiler("pinnig=false")).isInstanceOf(ProfilerException.class)
                .hasMessageContaining("pinnig");
        assertThatThrownBy(() -> new FootprintProfiler("rss=never")).isInstanceOf(ProfilerException.class);
        assertThatThrownBy(() -> new FootprintProfiler("rssPeriodMs=0")).isInstanceOf(ProfilerException.class);
    }

    private static double metric(String benchmark, String label) {
        Result result = RUNS.get(benchmark).getSecondaryResults().get(label);
        assertThat(result).as(benchmark + " " + label).isNotNull();
        return result.getScore();
    }

    private static long allOps(String benchmark) {
        long ops = 0;
        for (BenchmarkResult fork : RUNS.get(benchmark).getBenchmarkResults()) {
            for (IterationResult iteration : fork.getIterationResults()) {
                ops += iteration.getMetadata().getAllOps();
            }
        }
        return ops;
    }
}
