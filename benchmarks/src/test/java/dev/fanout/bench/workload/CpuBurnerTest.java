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

        // Calibration takes the fastest of several tries, so the burn costs at least about what was asked;
        // a quarter leaves room for a faster core or turbo, while a burner that only waited would spend ~0.
        assertThat(cpuMicros).isGreaterThan(10_000);
    }

    @Test
    void noWorkCostsNothing() {
        long before = THREADS.getCurrentThreadCpuTime();
        CpuBurner.none().burn(1_000_000);
        assertThat(THREADS.getCurrentThreadCpuTime() - before).isLessThan(50_000_000);
    }
}
