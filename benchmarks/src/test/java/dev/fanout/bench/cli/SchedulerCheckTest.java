package dev.fanout.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.bench.workload.ServiceLoop;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The scheduler check's verdict and output; what it measures is the machine's, so no figure is asserted here. */
class SchedulerCheckTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return SchedulerCheck.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void aRateWithinOnePercentAndLatenessUnderOneMillisecondIsWithinTheHarnesssError() {
        assertThat(measured(1_000, 995, 900).withinError()).isTrue();
        assertThat(measured(1_000, 985, 900).withinError()).as("1.5% short").isFalse();
        assertThat(measured(1_000, 1_000, 1_200).withinError()).as("late by 1.2 ms at p99").isFalse();
    }

    @Test
    void itPrintsOneLinePerRateOfEveryArrivalItStarted() {
        int code = run("--rates", "50,100", "--seconds", "1");

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("service-mode scheduler, a fan-out with no I/O, 1 s a rate")
                .containsPattern("(?m)^ +50 +\\d+\\.\\d ")
                .containsPattern("(?m)^ +100 +\\d+\\.\\d ");
        assertThat(code).isIn(0, 1);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aRateBelowOneIsBadInput() {
        assertThat(run("--rates", "0")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("scheduler: --seconds and every rate must be at least 1");
    }

    /** A measurement at {@code rate} that started {@code achieved} a second, every arrival {@code lateMicros} late. */
    private static SchedulerCheck.Measured measured(int rate, int achieved, long lateMicros) {
        Histogram lateness = new Histogram(3);
        lateness.recordValueWithCount(lateMicros, 100);
        return new SchedulerCheck.Measured(rate, new ServiceLoop.Window(achieved, 0, 0, null, 1_000_000_000L), lateness);
    }
}
