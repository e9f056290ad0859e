package dev.fanout.bench.recording;

import org.HdrHistogram.Histogram;

/**
 * What one draw of a trial measured: one fork of it, or, for a trial of one fork, one of its measured iterations.
 * Each is a measurement of the same trial; their spread is what a reader must see beside a figure.
 *
 * @param meanMs              the mean op time (JMH's score of the fork or iteration); null when JMH has none
 * @param opMicros            its ops' times, µs; null when nothing was recorded
 * @param cpuMsPerOp          the client's CPU per op, the JIT's left out (the footprint profiler); null when not measured
 * @param jitCpuMsPerOp       the JIT compilers' CPU per op meanwhile
 * @param serverCpuMs         the server's CPU meanwhile; null when it did not tell
 * @param serverRequests      the requests the server received meanwhile
 * @param serverLatenessP99Ms the server's timer lateness p99 over the fork; null for an iteration, or unknown
 * @param stealPercent        the machine's CPU time stolen by the hypervisor meanwhile, %; null when unknown
 */
public record Draw(Double meanMs, Histogram opMicros, Double cpuMsPerOp, Double jitCpuMsPerOp, Double serverCpuMs,
                   Long serverRequests, Double serverLatenessP99Ms, Double stealPercent) {
    /** The server's CPU per request it received, µs, or null when it did not tell or received none. */
    Double serverCpuUsPerRequest() {
        return serverCpuMs == null || serverRequests == null || serverRequests == 0 ? null
                : serverCpuMs * 1000 / serverRequests;
    }
}
