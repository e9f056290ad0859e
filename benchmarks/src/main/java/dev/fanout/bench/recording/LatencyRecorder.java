package dev.fanout.bench.recording;

import dev.fanout.bench.workload.RequestObserver;
import dev.fanout.bench.workload.ServiceLoop;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Records every request's latency and every whole fetch-N's into HdrHistogram, in microseconds, from any
 * number of threads at once without locks ({@link Recorder} swaps its active histogram when read).
 * Recording is off until {@link #on()}: warm-up iterations are not part of the results.
 */
public final class LatencyRecorder implements RequestObserver, ServiceLoop.ArrivalObserver {
    private static final int SIGNIFICANT_DIGITS = 3;

    private final Recorder requests = new Recorder(SIGNIFICANT_DIGITS);
    private final Recorder ops = new Recorder(SIGNIFICANT_DIGITS);
    private final Recorder service = new Recorder(SIGNIFICANT_DIGITS);
    private final Recorder lateness = new Recorder(SIGNIFICANT_DIGITS);
    private volatile boolean on;

    public void on() {
        requests.reset();
        ops.reset();
        service.reset();
        lateness.reset();
        on = true;
    }

    public void off() {
        on = false;
    }

    @Override
    public void requestDone(long sentAtNanos, long doneAtNanos) {
        if (on) {
            requests.recordValue(micros(doneAtNanos - sentAtNanos));
        }
    }

    public void opDone(long startNanos, long endNanos) {
        if (on) {
            ops.recordValue(micros(endNanos - startNanos));
        }
    }

    /**
     * One service-mode arrival: its fan-out goes into the op histogram timed from its intended start (its response
     * time, what a caller of the service waits), beside its service time from its actual start and its lateness.
     */
    @Override
    public void arrivalDone(long intendedNanos, long startedNanos, long doneNanos) {
        if (on) {
            ops.recordValue(micros(doneNanos - intendedNanos));
            service.recordValue(micros(doneNanos - startedNanos));
            lateness.recordValue(micros(startedNanos - intendedNanos));
        }
    }

    /** The requests recorded since the last call, as a histogram stamped with its interval. */
    public Histogram requestInterval() {
        return requests.getIntervalHistogram();
    }

    /** The fetch-N ops recorded since the last call, as a histogram stamped with its interval. */
    public Histogram opInterval() {
        return ops.getIntervalHistogram();
    }

    /** Service mode's service times recorded since the last call, as a histogram stamped with its interval. */
    public Histogram serviceInterval() {
        return service.getIntervalHistogram();
    }

    /** Service mode's start lateness recorded since the last call, as a histogram stamped with its interval. */
    public Histogram latenessInterval() {
        return lateness.getIntervalHistogram();
    }

    private static long micros(long nanos) {
        return TimeUnit.NANOSECONDS.toMicros(Math.max(0, nanos));
    }
}
