package dev.fanout.bench.jmh;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Decides when a warm-up has warmed the code: when the JIT compilers have gone quiet, not after a fixed count.
 * A fan-out through netty or the JDK's client runs so much code that, after JMH's one-second warm-up iteration,
 * C2 was still compiling on most of a core through the measured iterations (cpu.jit.ms.per.op of 200 ms for an
 * op of 240 ms at N = 1000): the op time measured the compiler's competition for two cores as much as the model.
 *
 * <p>Settled means: in the last window of at least {@link #WINDOW}, the compilers spent under
 * {@link #QUIET_SHARE} of its wall time compiling, once the warm-up has run {@code minRequests} or for
 * {@link #SHORTEST} (a workload whose ops are slow for their CPU tasks runs few requests). A warm-up that has not
 * settled after {@link #LONGEST} stops anyway, and says so. The clock and the compilers' time are passed in, so the
 * rule is tested without a JIT.
 */
final class JitSettling {
    static final Duration WINDOW = Duration.ofMillis(500);
    static final double QUIET_SHARE = 0.10;
    static final Duration SHORTEST = Duration.ofSeconds(1);
    static final Duration LONGEST = Duration.ofSeconds(6);

    private final LongSupplier nanoClock;
    private final LongSupplier compileMillis;
    private final int minRequests;
    private final long start;
    private long windowStart;
    private long windowCompileMillis;
    private int requests;
    private boolean settled;

    /**
     * @param nanoClock     {@code System::nanoTime}, or a test's
     * @param compileMillis the compilers' total time so far, in ms
     * @param minRequests   requests to run, unless {@link #SHORTEST} passes first, before the compilers' quiet counts
     */
    JitSettling(LongSupplier nanoClock, LongSupplier compileMillis, int minRequests) {
        this.nanoClock = nanoClock;
        this.compileMillis = compileMillis;
        this.minRequests = minRequests;
        this.start = nanoClock.getAsLong();
        this.windowStart = start;
        this.windowCompileMillis = compileMillis.getAsLong();
    }

    /** Settling judged by this JVM's own compilers, or by count and time alone where the JVM does not tell them. */
    static JitSettling ofThisJvm(int minRequests) {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        LongSupplier compileMillis = jit != null && jit.isCompilationTimeMonitoringSupported()
                ? jit::getTotalCompilationTime : () -> 0L;
        return new JitSettling(System::nanoTime, compileMillis, minRequests);
    }

    /** Counts the requests of one more warm-up op; answers whether to run another. */
    boolean runAnother(int opRequests) {
        requests += opRequests;
        long now = nanoClock.getAsLong();
        if (now - windowStart >= WINDOW.toNanos()) {
            long compiled = compileMillis.getAsLong();
            double share = (compiled - windowCompileMillis) / ((now - windowStart) / 1e6);
            boolean enough = requests >= minRequests || now - start >= SHORTEST.toNanos();
            if (enough && share < QUIET_SHARE) {
                settled = true;
                return false;
            }
            windowStart = now;
            windowCompileMillis = compiled;
        }
        return now - start < LONGEST.toNanos();
    }

    /** Whether the compilers went quiet, rather than the warm-up running out of time. */
    boolean settled() {
        return settled;
    }

    int requests() {
        return requests;
    }

    long elapsedMillis() {
        return (nanoClock.getAsLong() - start) / 1_000_000;
    }
}
