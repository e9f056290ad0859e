package dev.fanout.bench.recording;

import dev.fanout.bench.workload.ServerUsage;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * A trial's forks added up: their counts, and their op and request histograms (null when recording was off); in
 * service mode also the arrivals' service times and start lateness (null in the closed loop).
 *
 * @param forks          each fork's record and its ops' times by measured iteration (empty when recording was off),
 *                       in the order the forks ran
 * @param firstError     the first failure of the first fork that had one, or null
 * @param serverCpuMs    the server's CPU over the forks' measurement iterations
 * @param serverRequests the requests the server received meanwhile; 0 when it did not tell
 * @param arrivals       service mode's counts, {@link ArrivalCounts#NONE} in the closed loop
 */
public record MergedTrial(TrialSpec spec, List<Fork> forks, long ops, long requests, long errors, String firstError,
                          double serverCpuMs, long serverRequests, Histogram opMicros, Histogram requestMicros,
                          Histogram serviceMicros, Histogram latenessMicros, ArrivalCounts arrivals,
                          Map<String, Object> details) {
    /** One fork as it recorded itself: its record, and its ops' times in each measured iteration. */
    public record Fork(ForkRecord record, List<Histogram> opIntervals) {
    }

    /**
     * The forks that measured ops, in the order they ran: a fork whose set-up failed (a connection warm-up that timed
     * out, say) measured none, and JMH kept no score of it.
     */
    public List<Fork> measuredForks() {
        return forks.stream().filter(fork -> fork.record().ops() > 0).toList();
    }

    /** Whether a fork ran and measured nothing: its set-up failed, and {@link #firstError} says why. */
    public boolean aForkFailedToStart() {
        return measuredForks().size() < forks.size();
    }

    /** The server's CPU per request over the measured iterations, µs, or null when it did not tell. */
    public Double serverCpuMicrosPerRequest() {
        return new ServerUsage(null, null, serverCpuMs, serverRequests, null, null).cpuMicrosPerRequest();
    }
}
