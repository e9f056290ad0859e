package dev.fanout.bench.profiler;

import java.util.function.Function;

/**
 * The stretch of an iteration in which a benchmark's ops run, marked by the benchmark itself from its
 * {@code @Setup/@TearDown(Level.Iteration)} methods, which JMH runs on the benchmark thread right before the
 * first op and right after the last. The profiler's own hooks bracket more: on the last iteration JMH also
 * runs the {@code Level.Trial} tear-down (writing results, closing clients) before {@code afterIteration},
 * and that is no op's cost. A benchmark that marks nothing is measured from hook to hook.
 *
 * <p>The profiler says what to read at each mark; without the profiler a mark reads nothing and costs nothing.
 */
public final class MeasuredWindow {
    /** Which edge of the ops a reading marks: each counter is read on the ops' side of the reading's own work. */
    enum Edge { BEGIN, END }

    private static volatile Function<Edge, FootprintProfiler.Usage> probe;
    private static volatile FootprintProfiler.Usage begun;
    private static volatile FootprintProfiler.Usage ended;

    private MeasuredWindow() {
    }

    /** Marks the start of the ops: call before the iteration's first op. */
    public static void begin() {
        Function<Edge, FootprintProfiler.Usage> read = probe;
        if (read != null) {
            begun = read.apply(Edge.BEGIN);
        }
    }

    /** Marks the end of the ops: call after the iteration's last op. */
    public static void end() {
        Function<Edge, FootprintProfiler.Usage> read = probe;
        if (read != null) {
            ended = read.apply(Edge.END);
        }
    }

    /** Starts watching one iteration, reading {@code usage} at each mark. */
    static void watch(Function<Edge, FootprintProfiler.Usage> usage) {
        begun = null;
        ended = null;
        probe = usage;
    }

    /** Stops watching; returns the two marks, or null when the benchmark did not make both. */
    static FootprintProfiler.Usage[] stop() {
        probe = null;
        FootprintProfiler.Usage[] marks = begun != null && ended != null ? new FootprintProfiler.Usage[] {begun, ended} : null;
        begun = null;
        ended = null;
        return marks;
    }
}
