package dev.fanout.bench.profiler;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The CPU this JVM's JIT compiler threads have used since this counter began, in ns, read from their run time
 * while they work: what {@link CpuWindow} counts as the compilers' in the measured iterations (cpu.jit.ms.per.op),
 * so that the warm-up's judgement that the compilers are quiet and the figure that shows how much they still did
 * are one measure.
 *
 * <p>Not the JVM's {@code CompilationMXBean.getTotalCompilationTime()}: HotSpot adds a compilation's time to that
 * only when the compilation ends, and only if it succeeded (CompileBroker's {@code collect_statistics}), so a window
 * during which C2 spent all its time on one large method, or on methods it then gave up, reads as quiet.
 *
 * <p>A compiler thread that ends between two readings (the JVM stops idle ones) takes its CPU since the earlier
 * reading with it; one that starts counts from its own start.
 */
public final class CompilersCpu implements LongSupplier {
    private Map<String, Long> lastSeen = Map.of();
    private long total;

    private CompilersCpu() {
    }

    /** A counter for this JVM, where the system tells each thread's CPU (Linux); empty elsewhere. */
    public static Optional<CompilersCpu> ofThisJvm() {
        if (!ThreadCpu.available()) {
            return Optional.empty();
        }
        CompilersCpu counter = new CompilersCpu();
        counter.getAsLong();
        return Optional.of(counter);
    }

    /** The compilers' CPU since this counter began, in ns; never less than at the last call. */
    @Override
    public synchronized long getAsLong() {
        Map<String, Long> now = new HashMap<>();
        ThreadCpu.compilers().forEach((id, thread) -> now.put(id, thread.nanos()));
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
