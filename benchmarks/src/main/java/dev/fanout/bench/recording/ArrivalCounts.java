package dev.fanout.bench.recording;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.fanout.bench.workload.ServiceLoop;

/**
 * What service mode counts besides latencies, over the measured windows of a fork or of a whole trial.
 *
 * @param windows       measured windows (one JMH op each)
 * @param arrivals      fan-outs started in them
 * @param late          arrivals that started more than {@link ServiceLoop#LATE_NANOS} after their intended time
 * @param dispatchNanos the time the scheduler took to hand out those arrivals, at least the windows' length
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ArrivalCounts(long windows, long arrivals, long late, long dispatchNanos) {
    public static final ArrivalCounts NONE = new ArrivalCounts(0, 0, 0, 0);

    public ArrivalCounts plus(ServiceLoop.Window window) {
        return new ArrivalCounts(windows + 1, arrivals + window.arrivals(), late + window.late(),
                dispatchNanos + window.dispatchNanos());
    }

    public ArrivalCounts plus(ArrivalCounts other) {
        return new ArrivalCounts(windows + other.windows, arrivals + other.arrivals, late + other.late,
                dispatchNanos + other.dispatchNanos);
    }

    /** Arrivals started a second over the measured windows, or null when none was measured. */
    public Double achievedRate() {
        return dispatchNanos == 0 ? null : arrivals * 1e9 / dispatchNanos;
    }

    /** Fan-outs a JMH op (a window), to turn the footprint profiler's figures per op into figures per fan-out. */
    public double arrivalsPerWindow() {
        return windows == 0 ? Double.NaN : (double) arrivals / windows;
    }
}
