package dev.fanout.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.bench.jmh.ForkEnvironment;
import dev.fanout.bench.recording.ResultsLayout;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.runner.options.Options;

/** What JMH is asked to run of a trial: its training fork and its measured forks, without running them. */
class JmhTrialRunnerTest {
    private static final String RESULTS_DIR = "-D" + ResultsLayout.RESULTS_DIR_PROPERTY + "=";

    @TempDir
    Path dir;

    @Test
    void aTrainingForkRecordsNothingAndWritesTheAotCacheItsTrialsMeasuredForksStartFrom() throws Exception {
        Plan plan = Plan.of(Profile.DEFAULT, JmhArguments.parse(List.of("-p", "workload=event_loop", "-p",
                        "client=reactor_netty", "-p", "n=10000")), new Machine(2, SystemLimits.unlimited(), range -> 1, null),
                true, 2, TrialOrder.PROFILE, true, ForkEnvironment.DEFAULT_CODE_WARM_UP);
        Trial trial = plan.trials().get(0);
        JmhTrialRunner runner = new JmhTrialRunner(plan, JmhArguments.parse(List.of("-jvmArgsAppend", "-Duser=1")),
                List.of("-Drun=1"), dir, new PrintStream(OutputStream.nullOutputStream()), null, null, null);
        Path cache = runner.aotCache(trial);
        assertThat(plan.trains(trial)).isTrue();
        assertThat(cache.getParent()).as("the run removes it").isEqualTo(ResultsLayout.forkTemp(dir));

        Options training = runner.options(trial, JmhTrialRunner.Launch.TRAINING, 1);
        assertThat(training.getForkCount().get()).isEqualTo(1);
        assertThat(training.getWarmupIterations().get()).isEqualTo(0);
        assertThat(training.getMeasurementIterations().get()).isEqualTo(1);
        assertThat(training.getProfilers()).as("no footprint profiler").isEmpty();
        assertThat(training.getJvmArgsAppend().get()).contains("-Drun=1", "-Duser=1", "-XX:AOTCacheOutput=" + cache)
                .noneMatch(arg -> arg.startsWith(RESULTS_DIR) || arg.startsWith("-XX:AOTCache="));

        Options measured = runner.options(trial, JmhTrialRunner.Launch.FROM_CACHE, 3);
        assertThat(measured.getForkCount().get()).isEqualTo(3);
        assertThat(measured.getMeasurementIterations().get()).isEqualTo(trial.iterations().measurementIterations());
        assertThat(measured.getProfilers()).hasSize(1);
        assertThat(measured.getJvmArgsAppend().get()).contains("-Drun=1", "-Duser=1", RESULTS_DIR + dir,
                "-XX:AOTMode=on", "-XX:AOTCache=" + cache).noneMatch(arg -> arg.startsWith("-XX:AOTCacheOutput"));

        assertThat(runner.options(trial, JmhTrialRunner.Launch.MEASURED, 1).getJvmArgsAppend().get())
                .as("no cache when the training left none").noneMatch(arg -> arg.startsWith("-XX:AOT"));
    }
}
