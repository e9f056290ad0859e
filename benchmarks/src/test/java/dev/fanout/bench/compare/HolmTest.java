package dev.fanout.bench.compare;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HolmTest {

    @Test
    void matchesRsPAdjustHolm() {
        // R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") == c(0.03, 0.06, 0.06, 0.02)
        double[] adjusted = Holm.adjust(new double[]{0.01, 0.04, 0.03, 0.005});

        assertThat(adjusted[0]).isCloseTo(0.03, within(1e-12));
        assertThat(adjusted[1]).isCloseTo(0.06, within(1e-12));
        assertThat(adjusted[2]).isCloseTo(0.06, within(1e-12));
        assertThat(adjusted[3]).isCloseTo(0.02, within(1e-12));
    }

    @Test
    void capsAtOneAndCountsUntestableComparisonsTowardsM() {
        double[] adjusted = Holm.adjust(new double[]{0.4, Double.NaN, 0.001});

        assertThat(adjusted[2]).isCloseTo(0.003, within(1e-12));
        assertThat(adjusted[0]).isEqualTo(0.8, within(1e-12));
        assertThat(adjusted[1]).isNaN();
        assertThat(Holm.adjust(new double[]{0.6, 0.7})).containsExactly(1.0, 1.0);
    }
}
