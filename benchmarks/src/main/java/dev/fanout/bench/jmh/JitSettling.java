package dev.fanout.bench.jmh;

import dev.fanout.bench.profiler.CompilersCpu;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Decides when a warm-up has warmed the code: when the JIT compilers have gone quiet, not after a fixed count.
 * A fan-out through netty or the JDK's client runs so much code that, after JMH's one-second warm-up iteration,
 * C2 was still compiling on most of a core through the measured iterations (cpu.jit.ms.per.op of 200 ms for an
 * op of 240 ms at N = 1000): the op time measured the compiler's competition for two cores as much as the model.
 *
 * <p>Settled means: in the last window of at least {@link #WINDOW}, the compiler threads used under
 * {@link #QUIET_SHARE} of its wall time in CPU ({@link CompilersCpu}, the measure the measured iterations report as
 * cpu.jit.ms.per.op), once the warm-up has run {@code minRequests}; not the JVM's total compilation time, which
 * reads a window spent on one long C2 compilation as quiet. Quiet compilers alone do not mean compiled code: a
 * sequential fan-out at L = 100 ms runs ten requests a second, too few for any method to reach a compile threshold,
 * so the compilers stay quiet while the client runs interpreted (sequential at N = 10 and L = 20 ms: 1.42 ms of CPU a
 * request after 60 warm-up requests, 0.70 ms after 1,820). {@link #warmUpLatencyMs} picks the L at which the requests
 * fit in {@link #BUDGET}. A warm-up that has not settled after its longest time (the launcher's
 * {@code --code-warm-up}, {@link ForkEnvironment#DEFAULT_CODE_WARM_UP} by default) stops anyway, and says so. The
 * clock and the compilers' CPU are passed in, so the rule is tested without a JIT.
 */
final class JitSettling {
    static final Duration WINDOW = Duration.ofMillis(500);
    static final double QUIET_SHARE = 0.10;
    /** How long the warm-up's {@code minRequests} should take, at most, at the L it runs at. */
    static final Duration BUDGET = Duration.ofSeconds(1);

    private final LongSupplier nanoClock;
    private final LongSupplier compilersCpuNanos;
    private final int minRequests;
    private final long longestNanos;
    private final long start;
    private long windowStart;
    private long windowCompilersCpuNanos;
    private int requests;
    private boolean settled;

    /**
     * @param nanoClock         {@code System::nanoTime}, or a test's
     * @param compilersCpuNanos the compiler threads' CPU so far, in ns
     * @param minRequests       requests to run before the compilers' quiet counts
     * @param longest           how long the warm-up runs at most, settled or not
     */
    JitSettling(LongSupplier nanoClock, LongSupplier compilersCpuNanos, int minRequests, Duration longest) {
        this.nanoClock = nanoClock;
        this.compilersCpuNanos = compilersCpuNanos;
        this.minRequests = minRequests;
        this.longestNanos = longest.toNanos();
        this.start = nanoClock.getAsLong();
        this.windowStart = start;
        this.windowCompilersCpuNanos = compilersCpuNanos.getAsLong();
    }

    /**
     * Settling judged by this JVM's own compilers; where the system does not tell their CPU, a warm-up that runs to
     * its longest and never calls itself settled.
     */
    static JitSettling ofThisJvm(int minRequests, Duration longest) {
        Optional<CompilersCpu> compilers = CompilersCpu.ofThisJvm();
        return compilers.isPresent()
                ? new JitSettling(System::nanoTime, compilers.get(), minRequests, longest)
                : unjudged(System::nanoTime, longest);
    }

    /** A warm-up that cannot see the compilers: it runs for {@code longest}, unsettled. */
    static JitSettling unjudged(LongSupplier nanoClock, Duration longest) {
        return new JitSettling(nanoClock, () -> 0L, Integer.MAX_VALUE, longest);
    }

    /**
     * The L for a warm-up of {@code minRequests}: the workload's own, so that the JIT compiles the paths the measured
     * ops take (at N = 10,000, a warm-up at L = 0 left the compilers at 100 to 400 ms of CPU per measured op), unless
     * at its own L they would take longer than {@link #BUDGET}; then L shortened in proportion, but never to 0, so
     * that each response still arrives after its request waits, as in the measured ops.
     *
     * @param idealOpMs the ideal time of one op of n requests at {@code latencyMs}
     */
    static long warmUpLatencyMs(long latencyMs, int n, double idealOpMs, int minRequests) {
        double atOwnLatencyMs = Math.ceilDiv(minRequests, n) * idealOpMs;
        if (latencyMs == 0 || atOwnLatencyMs <= BUDGET.toMillis()) {
            return latencyMs;
        }
        return Math.max(1, (long) (latencyMs * BUDGET.toMillis() / atOwnLatencyMs));
    }

    /** Counts the requests of one more warm-up op; answers whether to run another. */
    boolean runAnother(int opRequests) {
        requests += opRequests;
        long now = nanoClock.getAsLong();
        if (now - windowStart >= WINDOW.toNanos()) {
            long compiling = compilersCpuNanos.getAsLong();
            double share = (double) (compiling - windowCompilersCpuNanos) / (now - windowStart);
            if (requests >= minRequests && share < QUIET_SHARE) {
                settled = true;
                return false;
            }
            windowStart = now;
            windowCompilersCpuNanos = compiling;
        }
        return now - start < longestNanos;
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
