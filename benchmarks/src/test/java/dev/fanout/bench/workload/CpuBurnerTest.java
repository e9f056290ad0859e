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

        // The burn runs until its thread has used what was asked, however fast the steps run: a burner whose
        // step count was calibrated while the steps were interpreted ran 6 ms of the 40 once compiled, and one
        // timed in wall time on a shared core, or one that waited, would cost less too.
        assertThat(cpuMicros).isBetween(40_000L, 200_000L);
    }

    @Test
    void aRateFarBelowTheTrueOneStillBurnsWhatWasAsked() {
        // One step a µs: every machine this runs on does hundreds, so a step count would burn 20 µs of 20 ms.
        CpuBurner underestimated = new CpuBurner(1);
        long before = THREADS.getCurrentThreadCpuTime();
        underestimated.burn(20_000);
        assertThat((THREADS.getCurrentThreadCpuTime() - before) / 1_000).isBetween(20_000L, 200_000L);
    }

    /**
     * A virtual thread has no CPU clock (the JDK answers -1): the burn there ends, and the process still spends about
     * what was asked, at the rate calibrated once the steps are compiled (the first calibration compiles them).
     */
    @Test
    void aBurnOnAVirtualThreadEndsAndCostsWhatWasAsked() throws Exception {
        CpuBurner.calibrate();
        CpuBurner warm = CpuBurner.calibrate();
        var process = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long before = process.getProcessCpuTime();
        Thread burning = Thread.ofVirtual().start(() -> warm.burn(100_000));
        burning.join(10_000);

        assertThat(burning.isAlive()).as("a burn of 100 ms on a virtual thread still running after 10 s").isFalse();
        // Other threads can only add to the process's CPU; a rate off by 20% would still be within the lower bound,
        // and five times the asked is far beyond what the JVM's own threads add in a tenth of a second.
        assertThat((process.getProcessCpuTime() - before) / 1_000).isBetween(80_000L, 500_000L);
    }

    @Test
    void calibratingOnAThreadWithoutACpuClockIsRefusedNotLooped() throws Exception {
        Throwable[] thrown = new Throwable[1];
        Thread.ofVirtual().start(() -> {
            try {
                CpuBurner.calibrate();
            } catch (IllegalStateException e) {
                thrown[0] = e;
            }
        }).join(10_000);

        assertThat(thrown[0]).hasMessageContaining("needs a thread with a CPU clock");
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
