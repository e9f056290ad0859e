package dev.fanout.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What a fork said about a write that failed, found in JMH's output as the launcher sees it. */
class ForkOutputTest {
    private static final Path DIR = Path.of("/r");

    @Test
    void aForksOwnRecordNamesItsFileAndTheSystemsReason() {
        String output = """
                # Warmup Iteration   1: 105.1 ms/op
                <failure>

                java.io.UncheckedIOException: the fork of virtual_threads okhttp n=10 L=100 cannot keep its results: \
                cannot write /r/forks/fetch_n/x/123.json: No space left on device
                \tat dev.fanout.bench.recording.TrialRecorder.write(TrialRecorder.java:155)
                """;

        assertThat(ForkOutput.writeFailure(output, DIR))
                .isEqualTo("cannot write /r/forks/fetch_n/x/123.json: No space left on device");
    }

    /** JFR, whose repository is in the results folder, shuts the fork's JVM down: JMH quotes its last lines. */
    @Test
    void jfrRunningOutOfSpaceIsQuotedWithoutJmhsOrTheLoggersDecorations() {
        String output = """
                # Warmup Iteration   1: [1.646s][error][jfr,system] Failed to write to jfr stream because no space left on device
                [1.647s][error][jfr,system] An irrecoverable error in Jfr. Shutting down VM...
                <forked VM failed with exit code 1>
                """;

        assertThat(ForkOutput.writeFailure(output, DIR))
                .startsWith("a fork could not write in /r")
                .endsWith(": Failed to write to jfr stream because no space left on device");
    }

    @Test
    void aForkThatWroteEverythingSaysNothing() {
        assertThat(ForkOutput.writeFailure("# Warmup Iteration   1: 105.1 ms/op\nIteration   1: 104.9 ms/op\n", DIR))
                .isNull();
    }
}
