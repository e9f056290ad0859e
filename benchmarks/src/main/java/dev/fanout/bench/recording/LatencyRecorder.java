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
