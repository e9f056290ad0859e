package dev.fanout.bench.workload;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU-bound work of a given duration, for handling each response: a fixed number of arithmetic steps
 * calibrated once on this machine, so it costs CPU time rather than wall time. A thread descheduled in
 * the middle still owes the rest of its work, unlike a spin on {@code System.nanoTime()}, which is what
 * lets the benchmarks show models competing for cores.
 *
 * <p>The calibration times the steps in the calibrating thread's own CPU time, not in wall time: on cores
 * shared with other work, wall time would count the time the thread waited for a core as steps it ran, and
 * every burn would then cost less CPU than asked.
 */
public final class CpuBurner {
    private static final long CALIBRATION_NANOS = 50_000_000L;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final double stepsPerMicro;
    private volatile long sink;

    private CpuBurner(double stepsPerMicro) {
        this.stepsPerMicro = stepsPerMicro;
    }

    /** A burner for responses that need no CPU work. */
    public static CpuBurner none() {
        return new CpuBurner(0);
    }

    /** Measures how many steps this thread runs per microsecond of its CPU time, taking the best of a few tries. */
    public static CpuBurner calibrate() {
        CpuBurner probe = new CpuBurner(0);
        double best = 0;
        for (int attempt = 0; attempt < 5; attempt++) {
            long steps = 1_000;
            long elapsed;
            do {
                steps *= 2;
                long start = THREADS.getCurrentThreadCpuTime();
                probe.runSteps(steps);
                elapsed = THREADS.getCurrentThreadCpuTime() - start;
            } while (elapsed < CALIBRATION_NANOS / 5);
            best = Math.max(best, steps * 1_000.0 / elapsed);
        }
        return new CpuBurner(best);
    }

    /** Burns about {@code micros} µs of CPU on the calling thread. */
    public void burn(long micros) {
        if (micros > 0) {
            runSteps(Math.round(micros * stepsPerMicro));
        }
    }

    public double stepsPerMicro() {
        return stepsPerMicro;
    }

    private void runSteps(long steps) {
        // xorshift: cheap, data-dependent, and the JIT cannot fold it away while the result is published.
        long x = steps | 1;
        for (long i = 0; i < steps; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        sink = x;
    }
}
