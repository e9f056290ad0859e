package dev.fanout.bench.recording;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * What one JMH fork of a trial counted, written by the fork beside its histogram logs; the launcher adds
 * up the forks of a trial into one summary row, and keeps each fork's own figures as one draw of the trial's.
 *
 * @param fork       the fork's number within its trial, from 1, in the order the forks ran (JMH's order)
 * @param ops        fetch-N ops measured (warm-up excluded)
 * @param requests   requests those ops made, including those of a failed op
 * @param errors     requests that failed
 * @param firstError the first failure's story, or null
 * @param recording  whether latencies were recorded (off only to measure what recording costs)
 * @param serverCpuMsByIteration    the server's CPU over each measurement iteration, as its {@code /stats} told it at
 *                                  the iteration's start and end; empty when the server does not tell
 * @param serverRequestsByIteration the requests the server received in each of them
 * @param serverLatenessP99Ms       the server's timer lateness p99 over the fork, after its code warm-up; null when
 *                                  the server does not tell
 * @param serverMaxInFlight         the most requests the server held at once meanwhile
 * @param serverMaxConnections      the most connections open to the server at once meanwhile
 * @param measuredCpu               the machine's CPU ticks over the measurement iterations, steal among them; null
 *                                  where the system does not tell
 * @param measuredFromEpochMs       when the first measurement iteration began, ms since the epoch; null before one
 * @param details    what a scenario observed beyond the counts (waiters woken, most in flight, ...)
 * @param arrivals   service mode's counts ({@link ArrivalCounts#NONE} in the closed loop); there, {@code ops} are the
 *                   arrivals measured
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ForkRecord(TrialSpec spec, int fork, long ops, long requests, long errors, String firstError,
                         boolean recording, List<Double> serverCpuMsByIteration, List<Long> serverRequestsByIteration,
                         Double serverLatenessP99Ms, Long serverMaxInFlight, Long serverMaxConnections,
                         SystemCpu measuredCpu, Long measuredFromEpochMs,
                         Map<String, Object> details, ArrivalCounts arrivals) {
    /**
     * The {@link #details} keys of the fork's code warm-up ({@link TrialRecorder#codeWarmedUp}); the two forks.csv
     * reads are named as its columns.
     */
    public static final String CODE_WARM_UP_MS = SummaryColumns.CODE_WARM_UP_MS.name();
    public static final String CODE_WARM_UP_REQUESTS = "code_warm_up_requests";
    public static final String JIT_SETTLED = SummaryColumns.JIT_SETTLED.name();

    /** The server's CPU over every measurement iteration, ms. */
    public double serverCpuMs() {
        return serverCpuMsByIteration.stream().mapToDouble(Double::doubleValue).sum();
    }

    /** The requests the server received over every measurement iteration. */
    public long serverRequests() {
        return serverRequestsByIteration.stream().mapToLong(Long::longValue).sum();
    }
}
