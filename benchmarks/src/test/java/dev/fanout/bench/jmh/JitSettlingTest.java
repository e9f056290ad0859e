package dev.fanout.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The warm-up's stopping rule on a fake clock and a fake compiler: quiet for a window, after enough requests. */
class JitSettlingTest {
    private long nanos;
    private long compiledMillis;

    private JitSettling settling(int minRequests) {
        return new JitSettling(() -> nanos, () -> compiledMillis, minRequests);
    }

    /** One warm-up op that took {@code millis}, during which the compilers worked {@code compiling} ms. */
    private boolean op(JitSettling jit, int requests, long millis, long compiling) {
        nanos += TimeUnit.MILLISECONDS.toNanos(millis);
        compiledMillis += compiling;
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
    void slowOpsCountAsEnoughAfterTheShortestWarmUp() {
        JitSettling jit = settling(2_000);
        assertThat(op(jit, 100, 600, 0)).as("quiet, 100 requests in 0.6 s").isTrue();
        assertThat(op(jit, 100, 600, 0)).as("200 requests, but 1.2 s").isFalse();
        assertThat(jit.settled()).isTrue();
    }

    @Test
    void aCompilerThatNeverGoesQuietEndsTheWarmUpAtTheLongestAndSaysSo() {
        JitSettling jit = settling(2_000);
        long ops = 0;
        while (op(jit, 1_000, 100, 20)) {
            ops++;
        }
        assertThat(jit.settled()).isFalse();
        assertThat(jit.elapsedMillis()).isEqualTo(JitSettling.LONGEST.toMillis());
        assertThat(ops).isEqualTo(JitSettling.LONGEST.toMillis() / 100 - 1);
    }
}
