package dev.fanout.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
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
    @ValueSource(strings = {"--profile nope", "--bogus", "-p foo=1", "-p n=abc", "-f x", "--results", "NoSuchBenchmark"})
    void badOptionsGiveOneLineAndExitTwo(String args) {
        int code = run(args.split(" "));

        assertThat(code).isEqualTo(2);
        assertThat(text(err)).startsWith("error: ").hasLineCount(1);
        assertThat(text(out)).isEmpty();
    }

    @Test
    void helpExplainsOurOptionsAndPointsToJmhs() {
        assertThat(run("--help")).isZero();
        assertThat(text(out)).contains("--profile", "--server-url", "--results", "--list", "JMH's own",
                "'server [options]'", "'compare BASELINE", "L x ceil(N/k)");
    }

    @Test
    void listShowsTheTrialsTheirIdealAndTheTimeTheyTake() {
        assertThat(run("--profile", "quick", "--list")).isZero();
        assertThat(text(out)).containsPattern("^\\d+ trials, about \\d+ min").contains("fixed_pool okhttp n=100 L=100 k=8")
                .contains("(ideal 1.30 s)").contains("skipped:").contains("sequential okhttp n=100 L=100");
    }

    private int run(String... args) {
        return Launcher.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String text(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8).strip();
    }
}
