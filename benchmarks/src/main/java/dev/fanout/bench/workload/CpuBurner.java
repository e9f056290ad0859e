package dev.fanout.bench.workload;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU-bound work of a given duration, for handling each response: arithmetic steps run until the calling
 * thread has used the asked CPU time, so it costs CPU time rather than wall time. A thread descheduled in
 * the middle still owes the rest of its work, unlike a spin on {@code System.nanoTime()}, which is what
 * lets the benchmarks show models competing for cores.
 *
 * <p>On a platform thread the burn reads its thread's CPU clock between chunks of steps rather than running a
 * step count calibrated in advance: a count calibrated while the steps were still interpreted, or before the
 * JIT's compiler threads got a core, ran several times faster once compiled, and a burn asked for 40 ms cost
 * 6 ms (a fresh-clone CI run saw it). There the calibration only sizes the chunks, so a wrong rate makes each
 * check more or less frequent, never the burn shorter, and the burn ends at most one chunk (20 µs) late.
 *
 * <p>A virtual thread has no CPU clock: the JDK's {@code getCurrentThreadCpuTime()} returns -1 there, and a burn
 * waiting for that clock to reach its end never ended (every virtual-thread trial with {@code cpuMicros} hung).
 * Wherever the clock answers -1 the burn runs the step count the calibrated rate gives instead: the best rate of
 * the calibration's tries, so the count takes at least the asked time at that rate. That is why the fixture
 * calibrates again once its warm-up has compiled the steps; a rate measured too low would burn less there.
 */
public final class CpuBurner {
    private static final long CALIBRATION_NANOS = 50_000_000L;
    /** CPU time between two reads of the thread's clock: long beside the read's cost (about a µs). */
    private static final long CHUNK_MICROS = 20;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final double stepsPerMicro;
    private volatile long sink;

    /** A burner assuming this rate; {@link #calibrate()} measures it (package-private for the tests). */
    CpuBurner(double stepsPerMicro) {
        this.stepsPerMicro = stepsPerMicro;
    }

    /** A burner for responses that need no CPU work. */
    public static CpuBurner none() {
        return new CpuBurner(0);
    }

    /**
     * Measures how many steps this thread runs per microsecond of its CPU time, taking the best of a few tries.
     *
     * @throws IllegalStateException on a thread without a CPU clock (a virtual thread)
     */
    public static CpuBurner calibrate() {
        if (THREADS.getCurrentThreadCpuTime() < 0) {
            throw new IllegalStateException("calibrating needs a thread with a CPU clock; "
                    + Thread.currentThread() + " has none");
        }
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

    /**
     * Burns at least {@code micros} µs of CPU on the calling thread, and about one chunk more at most; on a thread
     * without a CPU clock (a virtual thread), the steps that many µs take at the calibrated rate.
     */
    public void burn(long micros) {
        if (micros <= 0 || stepsPerMicro == 0) {
            return;
        }
        long start = THREADS.getCurrentThreadCpuTime();
        if (start < 0) {
            runSteps(Math.round(micros * stepsPerMicro));
            return;
        }
        long chunk = Math.max(1, Math.round(CHUNK_MICROS * stepsPerMicro));
        long end = start + micros * 1_000;
        while (THREADS.getCurrentThreadCpuTime() < end) {
            runSteps(chunk);
        }
    }

    /** Steps a µs of this thread's CPU runs, as calibrated: the chunks between clock reads, or a clockless burn. */
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
