package dev.fanout.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.bench.suite.Params;
import dev.fanout.bench.suite.TrialParam;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.io.TempDir;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Options that never reach a benchmark: help, the plan listing, and every kind of bad option. */
class LauncherOptionsTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @ParameterizedTest
    @ValueSource(strings = {"--profile nope", "--bogus", "-p foo=1", "-p n=abc", "-f x", "--results", "NoSuchBenchmark",
            "--limit 0.5", "--limit x", "--pin-cpus 0", "--pin-cpus a:b", "--shuffle x",
            "--slow-client-by -1", "--slow-client-by x", "--slow-server-by -1", "--slow-server-by 2000",
            "--slow-server-by 10 --server-url http://127.0.0.1:9", "--code-warm-up x", "--code-warm-up 0s",
            "--code-warm-up -1s"})
    void badOptionsGiveOneLineAndExitTwo(String args) {
        int code = run(args.split(" "));

        assertThat(code).isEqualTo(2);
        assertThat(text(err)).startsWith("error: ").hasLineCount(1);
        assertThat(text(out)).isEmpty();
    }

    @Test
    void helpExplainsOurOptionsAndPointsToJmhs() {
        assertThat(run("--help")).isZero();
        assertThat(text(out).replaceAll("\\s+", " ")).contains("--profile", "--server-url", "--results", "--list", "JMH's own",
                "'server [options]'", "'server-command --parent-pid PID'", "'compare BASELINE", "L x ceil(N/k)",
                "--code-warm-up", "default: 6 s;");
        for (TrialParam<?> param : Params.ALL) {
            assertThat(text(out).replaceAll("\\s+", " ")).as("every param, from its declaration")
                    .contains(" " + param.name() + ": " + param.help());
        }
    }

    @Test
    void listShowsTheTrialsTheirIdealAndTheTimeTheyTake() {
        assertThat(run("--profile", "quick", "--list")).isZero();
        assertThat(text(out)).containsPattern("^\\d+ trials, about \\d+ min").contains("fixed_pool okhttp n=10 L=100 k=8")
                .contains("(ideal 200.0 ms)").contains("skipped:").contains("sequential okhttp n=10 L=100");
    }

    /** One tiny trial, so that every check below comes after a plan with something to run. */
    private static final String[] ONE_TRIAL = {"--profile", "quick", "-p", "workload=virtual_threads", "-p", "n=1"};

    @Test
    void aResultsFolderThatHoldsARunIsRefusedNotOverwritten(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("meta.json"), "{}");
        assertOneLineRefusal(with("--results", tmp.toString()), "already holds a run (meta.json)");
    }

    @Test
    void aResultsPathThatIsAFileOrCannotBeMadeIsOneLine(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("README.md"), "x");
        assertOneLineRefusal(with("--results", file.toString()), "is a file, not a folder");
        assertOneLineRefusal(with("--results", "/proc/fanout-cannot-be-made"),
                "cannot create the results folder /proc/fanout-cannot-be-made: No such file or directory");
        assertThat(text(err)).as("the system's reason, not a Java class").doesNotContain("java.");
    }

    @Test
    void aServerUrlWithAPathIsRefusedRatherThanSilentlyDropped() {
        assertOneLineRefusal(with("--server-url", "http://127.0.0.1:9/some/path"), "must be the root of an http server");
        assertOneLineRefusal(with("--server-url", "https://127.0.0.1:9/"), "must be the root of an http server");
    }

    @Test
    void chartsWithoutTheNotebookHereAreRefusedBeforeTheRunNotAfterIt() {
        // Maven runs the tests in the benchmarks module, where there is no analysis.ipynb.
        assertOneLineRefusal(with("--charts"), "--charts draws with analysis.ipynb, which is not in the current folder");
    }

    private void assertOneLineRefusal(String[] args, String fragment) {
        out.reset();
        err.reset();
        assertThat(run(args)).isEqualTo(2);
        assertThat(text(err)).startsWith("error: ").contains(fragment).hasLineCount(1);
        assertThat(text(out)).isEmpty();
    }

    private static String[] with(String... more) {
        String[] all = Arrays.copyOf(ONE_TRIAL, ONE_TRIAL.length + more.length);
        System.arraycopy(more, 0, all, ONE_TRIAL.length, more.length);
        return all;
    }

    private int run(String... args) {
        return Launcher.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String text(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8).strip();
    }
}
