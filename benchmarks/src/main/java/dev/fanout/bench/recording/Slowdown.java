package dev.fanout.bench.recording;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A real slowdown a run was given, to measure what {@code compare} catches ({@code benchmarks/perf/gate-power.sh},
 * docs/compare.md): the stub server the launcher starts answering every delayed request that much later, and the
 * client burning that much more CPU on every response of every Java trial, on top of the trial's {@code cpuMicros}.
 * Neither changes a trial's params, so the rows of a slowed run match an as-is run's. The launcher writes it into
 * meta.json ({@link #META_FIELD}); {@code compare} reads it from there, so that a run slowed on purpose is never
 * taken for an ordinary one.
 *
 * @param serverByPercent how much later the server answers, in percent of each request's delay
 * @param clientByMicros  the CPU work added to every response, µs
 */
public record Slowdown(double serverByPercent, long clientByMicros) {
    public static final Slowdown NONE = new Slowdown(0, 0);
    /** meta.json's field. */
    public static final String META_FIELD = "slowdown";
    private static final String SERVER_BY_PERCENT = "server_by_percent";
    private static final String CLIENT_BY_US = "client_by_us";

    public Slowdown {
        if (!(serverByPercent >= 0)) {
            throw new IllegalArgumentException("a server slowdown must be 0% or more, got " + serverByPercent);
        }
        if (clientByMicros < 0) {
            throw new IllegalArgumentException("a client slowdown must be 0 µs or more, got " + clientByMicros);
        }
    }

    /** Whether the run was slowed at all. */
    public boolean slows() {
        return serverByPercent > 0 || clientByMicros > 0;
    }

    /** As meta.json records it. */
    public Map<String, Object> asMeta() {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put(SERVER_BY_PERCENT, serverByPercent);
        meta.put(CLIENT_BY_US, clientByMicros);
        return meta;
    }

    /** The slowdown a run's meta.json records; none for a run from before the field (2026-12-06). */
    public static Slowdown fromMeta(JsonNode meta) {
        JsonNode slowdown = meta.path(META_FIELD);
        return new Slowdown(slowdown.path(SERVER_BY_PERCENT).asDouble(0), slowdown.path(CLIENT_BY_US).asLong(0));
    }
}
