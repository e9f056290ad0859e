package dev.fanout.bench.recording;

import dev.fanout.bench.workload.RequestObserver;
import dev.fanout.bench.workload.ServiceLoop;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Records every request's latency and every whole fetch-N's into HdrHistogram, in microseconds, from any
 * number of threads at once without locks ({@link Recorder} swaps its active histogram when read).
 *
 * <p>It records from the start, warm-ups included, and {@link #reset()} empties it when a measured iteration begins:
 * the warm-up must run the very code the measured ops run. With recording switched on only for the measured
 * iterations, the JIT had compiled the request path with the recording branch never taken; the first measured ops
 * deoptimized it and compiled it again on the same two cores, and fan-outs of N = 500 ran 1.5 to 2 times slower in
 * the first measured iteration than in the warm-up before it, getting faster over the next ten.
 */
public final class LatencyRecorder implements RequestObserver, ServiceLoop.ArrivalObserver {
    private static final int SIGNIFICANT_DIGITS = 3;

    private final Recorder requests = new Recorder(SIGNIFICANT_DIGITS);
    private final Recorder ops = new Recorder(SIGNIFICANT_DIGITS);
    private final Recorder service = new Recorder(SIGNIFICANT_DIGITS);
    private final Recorder lateness = new Recorder(SIGNIFICANT_DIGITS);

    /** Forgets what was recorded so far: a measured iteration begins. */
    public void reset() {
        requests.reset();
        ops.reset();
        service.reset();
        lateness.reset();
    }

    @Override
    public void requestDone(long sentAtNanos, long doneAtNanos) {
        requests.recordValue(micros(doneAtNanos - sentAtNanos));
    }

    public void opDone(long startNanos, long endNanos) {
        ops.recordValue(micros(endNanos - startNanos));
    }

    /**
     * One service-mode arrival: its fan-out goes into the op histogram timed from its intended start (its response
     * time, what a caller of the service waits), beside its service time from its actual start and its lateness.
     */
    @Override
    public void arrivalDone(long intendedNanos, long startedNanos, long doneNanos) {
        ops.recordValue(micros(doneNanos - intendedNanos));
        service.recordValue(micros(doneNanos - startedNanos));
        lateness.recordValue(micros(startedNanos - intendedNanos));
    }

    /**
     * Reads and drops an interval of every kind, as a measured iteration's end reads them, so that a warm-up rehearses
     * both phases of the recording. Each read flips the {@link Recorder}'s phase, and its writers take one branch in an
     * even phase and the other in an odd one ({@code WriterReaderPhaser.writerCriticalSectionExit}); {@link #reset()}
     * flips twice and leaves the phase as it was. A warm-up that never read an interval ran every request in the
     * even phase, so C2 compiled the request path with the odd branch as a trap, and the second measured iteration,
     * the first in an odd phase, hit it: through virtual threads over reactor-netty at N = 10,000, 9,982
     * deoptimizations in one burst (one for each thread parked in the compiled frame), then the whole request path
     * compiled again during the measured ops.
     */
    public void rehearseIterationEnd() {
        for (LatencyKind kind : LatencyKind.values()) {
            interval(kind);
        }
    }

    /** The latencies of {@code kind} recorded since the last call, as a histogram stamped with its interval. */
    public Histogram interval(LatencyKind kind) {
        Recorder recorder = switch (kind) {
            case REQUEST -> requests;
            case OP -> ops;
            case SERVICE -> service;
            case LATENESS -> lateness;
        };
        return recorder.getIntervalHistogram();
    }

    private static long micros(long nanos) {
        return TimeUnit.NANOSECONDS.toMicros(Math.max(0, nanos));
    }
}
