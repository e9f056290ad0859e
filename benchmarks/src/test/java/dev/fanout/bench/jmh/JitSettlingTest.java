package dev.fanout.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The warm-up's stopping rule on a fake clock and a fake compiler: quiet for a window, after enough requests. */
class JitSettlingTest {
    private static final Duration LONGEST = Duration.ofSeconds(6);
    private long nanos;
    private long compilersCpuMillis;

    private long compilersCpuNanos() {
        return TimeUnit.MILLISECONDS.toNanos(compilersCpuMillis);
    }

    private JitSettling settling(int minRequests) {
        return new JitSettling(() -> nanos, this::compilersCpuNanos, minRequests, LONGEST);
    }

    /** One warm-up op that took {@code millis}, during which the compilers used {@code compiling} ms of CPU. */
    private boolean op(JitSettling jit, int requests, long millis, long compiling) {
        nanos += TimeUnit.MILLISECONDS.toNanos(millis);
        compilersCpuMillis += compiling;
        return jit.runAnother(requests);
    }

    @Test
    void aBusyCompilerKeepsTheWarmUpGoingUntilItGoesQuiet() {
        JitSettling jit = settling(2_000);
        for (int i = 0; i < 10; i++) {
            assertThat(op(jit, 1_000, 100, 80)).as("compiling 80% of the time").isTrue();
        }
        assertThat(op(jit, 1_000, 250, 5)).as("quiet, but the window is not over").isTrue();
        assertThat(op(jit, 1_000, 250, 20)).as("5% over a whole window").isFalse();
        assertThat(jit.settled()).isTrue();
        assertThat(jit.requests()).isEqualTo(12_000);
        assertThat(jit.elapsedMillis()).isEqualTo(1_500);
    }

    @Test
    void aQuietCompilerDoesNotEndTheWarmUpBeforeItsRequests() {
        JitSettling jit = settling(2_000);
        assertThat(op(jit, 600, 200, 0)).isTrue();
        assertThat(op(jit, 600, 200, 0)).isTrue();
        assertThat(op(jit, 600, 300, 0)).as("quiet for a whole window, but 1800 of 2000 requests in 0.7 s").isTrue();
        assertThat(op(jit, 600, 600, 0)).as("2400 requests, quiet").isFalse();
        assertThat(jit.settled()).isTrue();
    }

    @Test
    void quietCompilersWithTooFewRequestsAreNotSettled() {
        JitSettling jit = settling(2_000);
        long ops = 0;
        while (op(jit, 10, 1_000, 0)) {
            ops++;
        }
        assertThat(jit.settled()).as("quiet throughout, but 10 requests a second leave the code interpreted").isFalse();
        assertThat(ops).isEqualTo(LONGEST.toSeconds() - 1);
    }

    @Test
    void aBusyCompilerEndsTheWarmUpAtItsLongestUnsettled() {
        JitSettling jit = new JitSettling(() -> nanos, this::compilersCpuNanos, 2_000, Duration.ofMillis(1_500));
        assertThat(op(jit, 1_000, 500, 400)).isTrue();
        assertThat(op(jit, 1_000, 500, 400)).isTrue();
        assertThat(op(jit, 1_000, 500, 400)).as("1.5 s, the longest asked, compiling throughout").isFalse();
        assertThat(jit.settled()).isFalse();
        assertThat(jit.elapsedMillis()).isEqualTo(1_500);
    }

    @Test
    void aWarmUpThatCannotSeeTheCompilersRunsToItsLongestUnsettled() {
        JitSettling jit = JitSettling.unjudged(() -> nanos, Duration.ofMillis(1_500));
        assertThat(op(jit, 100_000, 500, 0)).isTrue();
        assertThat(op(jit, 100_000, 500, 0)).isTrue();
        assertThat(op(jit, 100_000, 500, 0)).as("1.5 s, however many requests and whatever the compilers").isFalse();
        assertThat(jit.settled()).isFalse();
    }

    @Test
    void theWarmUpRunsAtItsOwnLatencyWhenItsRequestsFitTheBudget() {
        assertThat(JitSettling.warmUpLatencyMs(100, 1_000, 100, 1_000)).as("1 op of 100 ms").isEqualTo(100);
        assertThat(JitSettling.warmUpLatencyMs(100, 100, 100, 1_000)).as("10 ops of 100 ms: 1 s").isEqualTo(100);
        assertThat(JitSettling.warmUpLatencyMs(0, 10, 0, 1_000)).isZero();
    }

    @Test
    void aSlowWarmUpShortensItsLatencyInProportionButNeverToZero() {
        assertThat(JitSettling.warmUpLatencyMs(100, 100, 1_300, 1_000)).as("10 ops of 1.3 s: 13 s").isEqualTo(7);
        assertThat(JitSettling.warmUpLatencyMs(200, 10, 2_000, 1_000)).as("100 ops of 2 s").isEqualTo(1);
        assertThat(JitSettling.warmUpLatencyMs(1_000, 3, 3_000, 1_000)).as("334 ops of 3 s").isEqualTo(1);
    }
}
