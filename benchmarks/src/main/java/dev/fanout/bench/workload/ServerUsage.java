package dev.fanout.bench.workload;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.bench.clients.Protocol;

/**
 * What the stub server's {@code /stats} says of a stretch of a run (since its last reset): how late its timers
 * fired, the most requests it held at once, and the CPU it used for the requests it received. A field the
 * server does not report (an older stub server, or a server without {@code /stats}) is null.
 *
 * @param latenessP99Ms timer lateness p99, ms
 * @param maxInFlight   the most requests held at once, the query that reads it included
 * @param cpuMs         the server process's CPU, ms, in 10 ms ticks: meaningful over seconds, not single requests
 * @param requests      requests received, {@code /stats} itself left out
 * @param maxConnections the most connections open at once (HTTP/1.1's or HTTP/2's, not streams)
 * @param streams       the requests received as HTTP/2 streams
 */
public record ServerUsage(Double latenessP99Ms, Long maxInFlight, Double cpuMs, Long requests, Long maxConnections,
                          Long streams) {
    public static final ServerUsage NONE = new ServerUsage(null, null, null, null, null, null);

    public static ServerUsage of(JsonNode stats) {
        JsonNode p99 = stats.path("lateness_ms").path("p99");
        return new ServerUsage(p99.isNumber() ? p99.asDouble() : null, number(stats, "max_in_flight"),
                stats.path("cpu_ms").isNumber() ? stats.path("cpu_ms").asDouble() : null, number(stats, "requests"),
                number(stats.path("connections"), "max_open"), number(stats, "streams"));
    }

    /** The server's CPU per request it received, µs, or null when it did not say or received none. */
    public Double cpuMicrosPerRequest() {
        return cpuMs == null || requests == null || requests == 0 ? null : cpuMs * 1000 / requests;
    }

    /**
     * The server's CPU and requests from {@code earlier} to this (both read since the same reset), or null when either
     * reading lacks them. Lateness, the most in flight and the most connections do not subtract, and are left out.
     */
    public ServerUsage since(ServerUsage earlier) {
        if (earlier == null || cpuMs == null || requests == null || earlier.cpuMs == null || earlier.requests == null) {
            return null;
        }
        return new ServerUsage(null, null, cpuMs - earlier.cpuMs, requests - earlier.requests, null, null);
    }

    /**
     * What the server said of this stretch and of {@code other}, a later one read after a reset of its own, as of one
     * stretch: the CPU, requests and streams added, the most in flight and connections the higher, and the lateness p99
     * the higher, which the p99 of the two together cannot exceed. A field either lacks is null.
     */
    public ServerUsage plus(ServerUsage other) {
        return new ServerUsage(higher(latenessP99Ms, other.latenessP99Ms), higher(maxInFlight, other.maxInFlight),
                cpuMs == null || other.cpuMs == null ? null : cpuMs + other.cpuMs, sum(requests, other.requests),
                higher(maxConnections, other.maxConnections), sum(streams, other.streams));
    }

    private static <T extends Comparable<T>> T higher(T a, T b) {
        return a == null || b == null ? null : a.compareTo(b) >= 0 ? a : b;
    }

    private static Long sum(Long a, Long b) {
        return a == null || b == null ? null : a + b;
    }

    /**
     * Why the requests counted here did not come over {@code protocol}, or null when they may have: over h2c the
     * server must have received some as HTTP/2 streams, since a client can fall back to HTTP/1.1 unseen (the JDK's
     * does when a server declines its upgrade). A server that does not count streams is taken at its word.
     */
    public String notSpoken(Protocol protocol) {
        if (protocol == Protocol.h2c && streams != null && requests != null && requests > 0 && streams == 0) {
            return "the server received " + requests + " requests and not one as an HTTP/2 stream: the client spoke"
                    + " HTTP/1.1, not h2c (the JDK's client does when a server declines its Upgrade: h2c)";
        }
        return null;
    }

    private static Long number(JsonNode stats, String field) {
        return stats.path(field).isNumber() ? stats.path(field).asLong() : null;
    }
}
