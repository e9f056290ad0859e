package dev.fanout.bench.profiler;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The CPU this JVM's JIT compiler threads have used since this counter was made, in ns, read from their run time
 * while they work: what {@link CpuWindow} counts as the compilers' in the measured iterations (cpu.jit.ms.per.op),
 * so that the warm-up's judgement that the compilers are quiet and the figure that shows how much they still did
 * are one measure.
 *
 * <p>Not the JVM's {@code CompilationMXBean.getTotalCompilationTime()}: HotSpot adds a compilation's time to that
 * only when the compilation ends, and only if it succeeded (CompileBroker's {@code collect_statistics}), so a window
 * during which C2 spent all its time on one large method, or on methods it then gave up, reads as quiet.
 *
 * <p>A compiler thread that ends between two readings (the JVM stops idle ones) takes its CPU since the earlier
 * reading with it; one that starts counts from its own start. Threads are told apart by their id alone: a new
 * compiler thread that Linux gives the id of one just ended is taken for it, and its first CPU is missed where it
 * has used less than its predecessor had.
 */
public final class CompilersCpu implements LongSupplier {
    private final Supplier<Map<String, Long>> readings;
    private Map<String, Long> lastSeen;
    private long total;

    /**
     * @param readings each compiler thread alive at the moment of the call, by thread id, and the CPU it has used
     *                 since it started, in ns
     */
    CompilersCpu(Supplier<Map<String, Long>> readings) {
        this.readings = readings;
        this.lastSeen = readings.get();
    }

    /**
     * A counter for this JVM, where the system tells each thread's CPU (Linux) and this JVM has compiler threads to
     * tell; empty elsewhere (another system, {@code -Xint}), where nothing can say whether the compilers are quiet.
     */
    public static Optional<CompilersCpu> ofThisJvm() {
        return ThreadCpu.available() ? of(CompilersCpu::readThisJvm) : Optional.empty();
    }

    /** A counter over {@code readings}, or empty when they find no compiler thread to count. */
    static Optional<CompilersCpu> of(Supplier<Map<String, Long>> readings) {
        CompilersCpu counter = new CompilersCpu(readings);
        return counter.lastSeen.isEmpty() ? Optional.empty() : Optional.of(counter);
    }

    private static Map<String, Long> readThisJvm() {
        Map<String, Long> nanos = new HashMap<>();
        ThreadCpu.compilers().forEach((id, thread) -> nanos.put(id, thread.nanos()));
        return nanos;
    }

    /** The compilers' CPU since this counter was made, in ns; never less than at the last call. */
    @Override
    public synchronized long getAsLong() {
        Map<String, Long> now = readings.get();
        total += added(lastSeen, now);
        lastSeen = now;
        return total;
    }

    /**
     * The CPU the compiler threads used between two readings of each one's total, by thread id: a thread's growth, or
     * the whole of a thread's total where it was not there before; a thread gone since adds nothing.
     */
    static long added(Map<String, Long> before, Map<String, Long> now) {
        long added = 0;
        for (Map.Entry<String, Long> thread : now.entrySet()) {
            added += Math.max(0, thread.getValue() - before.getOrDefault(thread.getKey(), 0L));
        }
        return added;
    }
}
