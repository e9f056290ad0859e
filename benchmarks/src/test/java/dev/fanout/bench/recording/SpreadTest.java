package dev.fanout.bench.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SpreadTest {
    /** The binomial confidence of the whole range of n draws is 1 - 2 / 2^n. */
    @Test
    void aFewDrawsGiveTheirRangeAtItsOwnConfidence() {
        Spread three = Spread.of(451, 336, 417);
        assertThat(three.median()).isEqualTo(417);
        assertThat(three.low()).isEqualTo(336);
        assertThat(three.high()).isEqualTo(451);
        assertThat(three.confidence()).isEqualTo(0.75);

        assertThat(Spread.of(1, 2).confidence()).isEqualTo(0.5);
        assertThat(Spread.of(1, 2).median()).isEqualTo(1.5);
        assertThat(Spread.of(1, 2, 3, 4, 5).confidence()).isCloseTo(0.9375, within(1e-12));
        assertThat(Spread.of(1, 2, 3, 4, 5, 6).confidence()).isCloseTo(0.96875, within(1e-12));
    }

    /** From 9 draws the interval narrows to the second smallest and largest: 96.1% against 99.6% for the range. */
    @Test
    void withManyDrawsTheIntervalNarrowsWhileItKeeps95Percent() {
        Spread nine = Spread.of(9, 1, 8, 2, 7, 3, 6, 4, 5);
        assertThat(nine.median()).isEqualTo(5);
        assertThat(nine.low()).isEqualTo(2);
        assertThat(nine.high()).isEqualTo(8);
        assertThat(nine.confidence()).isCloseTo(0.9609375, within(1e-12));
        assertThat(Spread.confidenceFor(100)).isBetween(0.95, 0.97);
    }

    @Test
    void oneDrawHasNoInterval() {
        Spread one = Spread.of(709);
        assertThat(one.low()).isEqualTo(709);
        assertThat(one.high()).isEqualTo(709);
        assertThat(one.confidence()).isZero();
        assertThatThrownBy(Spread::of).isInstanceOf(IllegalArgumentException.class);
    }

    /** What the confidence claims, it keeps: over many samples of 5 skewed draws, the range holds the median 93.75%. */
    @Test
    void theClaimedConfidenceHoldsForASkewedFigure() {
        SplittableRandom random = new SplittableRandom(21);
        double median = Math.log(2); // of the exponential distribution of mean 1
        int held = 0;
        int samples = 20_000;
        for (int i = 0; i < samples; i++) {
            double[] draws = new double[5];
            for (int d = 0; d < draws.length; d++) {
                draws[d] = -Math.log(1 - random.nextDouble());
            }
            Spread spread = Spread.of(draws);
            if (spread.low() <= median && median <= spread.high()) {
                held++;
            }
        }
        assertThat(held / (double) samples).isCloseTo(0.9375, within(0.006));
    }
}
