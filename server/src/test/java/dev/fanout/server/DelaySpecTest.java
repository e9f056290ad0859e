package dev.fanout.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The distributions draw what their javadoc promises; many draws, so no HTTP. */
class DelaySpecTest {

    private static final long MAX = 60_000;

    @Test
    void noParametersMeansTheDefaultFixedDelay() {
        assertThat(parse(Map.of()).sampleMs(new SplittableRandom(1))).isEqualTo(1000);
        assertThat(parse(Map.of("delay", "0")).sampleMs(new SplittableRandom(1))).isZero();
    }

    @Test
    void uniformStaysWithinDelayPlusMinusJitter() {
        DelaySpec spec = parse(Map.of("dist", "uniform", "delay", "100", "jitter", "30"));
        SplittableRandom random = new SplittableRandom(1);
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < 10_000; i++) {
            long ms = spec.sampleMs(random);
            min = Math.min(min, ms);
            max = Math.max(max, ms);
        }
        assertThat(min).isBetween(70L, 72L);
        assertThat(max).isBetween(128L, 130L);
    }

    @Test
    void exponentialHasMeanDelay() {
        assertThat(mean(parse(Map.of("dist", "exponential", "delay", "100")))).isBetween(95.0, 105.0);
    }

    @Test
    void lognormalHasMedianDelay() {
        DelaySpec spec = parse(Map.of("dist", "lognormal", "delay", "100", "sigma", "0.8"));
        SplittableRandom random = new SplittableRandom(3);
        long[] draws = new long[20_001];
        for (int i = 0; i < draws.length; i++) {
            draws[i] = spec.sampleMs(random);
        }
        Arrays.sort(draws);
        assertThat(draws[draws.length / 2]).isBetween(95L, 105L);
    }

    @Test
    void drawsAreClampedToMaxDelay() {
        DelaySpec spec = DelaySpec.parse(query(Map.of("dist", "lognormal", "delay", "1000", "sigma", "5")), 1000, 2000);
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 10_000; i++) {
            assertThat(spec.sampleMs(random)).isBetween(0L, 2000L);
        }
    }

    @Test
    void theSameSeedDrawsTheSameDelays() {
        DelaySpec spec = parse(Map.of("dist", "exponential", "delay", "50"));
        SplittableRandom a = new SplittableRandom(9);
        SplittableRandom b = new SplittableRandom(9);
        for (int i = 0; i < 100; i++) {
            assertThat(spec.sampleMs(a)).isEqualTo(spec.sampleMs(b));
        }
    }

    private static double mean(DelaySpec spec) {
        SplittableRandom random = new SplittableRandom(2);
        long sum = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            sum += spec.sampleMs(random);
        }
        return (double) sum / n;
    }

    private static DelaySpec parse(Map<String, String> params) {
        return DelaySpec.parse(query(params), 1000, MAX);
    }

    private static Map<String, Deque<String>> query(Map<String, String> params) {
        Map<String, Deque<String>> query = new TreeMap<>();
        params.forEach((k, v) -> query.put(k, new ArrayDeque<>(List.of(v))));
        return query;
    }
}
