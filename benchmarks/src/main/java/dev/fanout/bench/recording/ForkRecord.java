package dev.fanout.bench.recording;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;

/**
 * What one JMH fork of a trial counted, written by the fork beside its histogram logs; the launcher adds
 * up the forks of a trial into one summary row.
 *
 * @param ops        fetch-N ops measured (warm-up excluded)
 * @param requests   requests those ops made, including those of a failed op
 * @param errors     requests that failed
 * @param firstError the first failure's story, or null
 * @param recording  whether latencies were recorded (off only to measure what recording costs)
 * @param serverCpuMs    the server's CPU over the measurement iterations, as its {@code /stats} told it at each
 *                       iteration's start and end; 0 when the server does not tell
 * @param serverRequests the requests the server received meanwhile
 * @param details    what a scenario observed beyond the counts (waiters woken, most in flight, ...)
 * @param arrivals   service mode's counts ({@link ArrivalCounts#NONE} in the closed loop); there, {@code ops} are the
 *                   arrivals measured
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ForkRecord(TrialSpec spec, long ops, long requests, long errors, String firstError,
                         boolean recording, double serverCpuMs, long serverRequests, Map<String, Object> details,
                         ArrivalCounts arrivals) {
}
