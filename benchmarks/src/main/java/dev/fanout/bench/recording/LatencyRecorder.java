package dev.fanout.bench.recording;

import dev.fanout.bench.workload.RequestObserver;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Records every request's latency and every whole fetch-N's into HdrHistogram, in microseconds, from any
 * number of threads at once without locks ({@link Recorder} swaps its active histogram when read).
 * Recording is off until {@link #on()}: warm-up iterations are not part of the results.
 */
public final class LatencyRecorder implements RequestObserver {
    private static final int SIGNIFICANT_DIGITS = 3;

    private final Recorder requests = new Recorder(SIGNIFICANT_DIGITS);
    private final Recorder ops = new Recorder(SIGNIFICANT_DIGITS);
    private volatile boolean on;

    public void on() {
        requests.reset();
        ops.reset();
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

    /** The requests recorded since the last call, as a histogram stamped with its interval. */
    public Histogram requestInterval() {
        return requests.getIntervalHistogram();
    }

    /** The fetch-N ops recorded since the last call, as a histogram stamped with its interval. */
    public Histogram opInterval() {
        return ops.getIntervalHistogram();
    }

    private static long micros(long nanos) {
        return TimeUnit.NANOSECONDS.toMicros(Math.max(0, nanos));
    }
}
