package dev.fanout.bench.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdealTimeTest {
    @Test
    void sequentialIsNTimesL() {
        assertThat(IdealTime.millis(1000, 100, 1, 0, 2)).isEqualTo(100_000.0);
    }

    @Test
    void unboundedIsL() {
        assertThat(IdealTime.millis(1000, 100, 1000, 0, 2)).isEqualTo(100.0);
    }

    @Test
    void aPoolOfKIsLTimesTheWaves() {
        assertThat(IdealTime.millis(1000, 100, 64, 0, 2)).isEqualTo(1_600.0);
        assertThat(IdealTime.millis(3, 1000, 2, 0, 2)).isEqualTo(2_000.0);
        assertThat(IdealTime.millis(5, 100, 8, 0, 2)).as("k above n").isEqualTo(100.0);
    }

    @Test
    void cpuWorkAddsToEachWaveAndCannotBeatTheCores() {
        // 1000 responses × 200 µs on 2 cores: at least 100 ms of CPU, more than the 100.2 ms wave.
        assertThat(IdealTime.millis(1000, 100, 1000, 200, 2)).isEqualTo(100.2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(IdealTime.millis(10_000, 100, 10_000, 200, 2)).isEqualTo(1_000.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(IdealTime.millis(10, 100, 1, 200, 2)).isEqualTo(1_002.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void nonsenseIsRefusedWithTheValues() {
        assertThatThrownBy(() -> IdealTime.millis(0, 100, 1, 0, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n=0");
        assertThatThrownBy(() -> IdealTime.millis(1, -1, 1, 0, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("latencyMs=-1");
    }
}
