package dev.fanout.bench.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.junit.jupiter.api.Test;

class CpuBurnerTest {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Test
    void burnsCpuTimeNotWallTime() {
        CpuBurner burner = CpuBurner.calibrate();
        assertThat(burner.stepsPerMicro()).isPositive();

        long before = THREADS.getCurrentThreadCpuTime();
        burner.burn(40_000);
        long cpuMicros = (THREADS.getCurrentThreadCpuTime() - before) / 1_000;

        // Calibrated in CPU time, the burn costs about what was asked however busy the machine is: the
        // fastest of several tries sets the rate, so a slower moment costs more, never much less. A burner
        // calibrated in wall time on a shared core, or one that waited, would cost far less.
        assertThat(cpuMicros).isBetween(30_000L, 200_000L);
    }

    @Test
    void noWorkCostsNothing() {
        CpuBurner none = CpuBurner.none();
        assertThat(none.stepsPerMicro()).isZero();
        long before = THREADS.getCurrentThreadCpuTime();
        none.burn(1_000_000);
        // A burner doing even one step a µs would run a million steps: about a millisecond.
        assertThat(THREADS.getCurrentThreadCpuTime() - before).isLessThan(500_000);
    }
}
