package dev.fanout.bench.recording;

import dev.fanout.bench.workload.ServerUsage;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * A trial's forks added up: their counts, and their op and request histograms (null when recording was off); in
 * service mode also the arrivals' service times and start lateness (null in the closed loop).
 *
 * @param firstError     the first failure of the first fork that had one, or null
 * @param serverCpuMs    the server's CPU over the forks' measurement iterations
 * @param serverRequests the requests the server received meanwhile; 0 when it did not tell
 * @param arrivals       service mode's counts, {@link ArrivalCounts#NONE} in the closed loop
 */
public record MergedTrial(TrialSpec spec, int forks, long ops, long requests, long errors, String firstError,
                          double serverCpuMs, long serverRequests, Histogram opMicros, Histogram requestMicros,
                          Histogram serviceMicros, Histogram latenessMicros, ArrivalCounts arrivals,
                          Map<String, Object> details) {
    /** The server's CPU per request over the measured iterations, µs, or null when it did not tell. */
    public Double serverCpuMicrosPerRequest() {
        return new ServerUsage(null, null, serverCpuMs, serverRequests).cpuMicrosPerRequest();
    }
}
