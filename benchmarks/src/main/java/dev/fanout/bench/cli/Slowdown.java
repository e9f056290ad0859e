package dev.fanout.bench.cli;

import dev.fanout.bench.jmh.ForkEnvironment;
import dev.fanout.server.StubServerConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real slowdown a run can be given, to measure what {@code compare} catches ({@code benchmarks/perf/gate-power.sh},
 * docs/compare.md): the stub server the launcher starts answering every delayed request that much later (its
 * {@code --slow-by}), and the client burning that much more CPU on every response of every Java trial, on top of the
 * trial's {@code cpuMicros}. Neither changes a trial's params, so the rows of a slowed run match an as-is run's;
 * meta.json records both.
 *
 * @param serverByPercent how much later the server answers, in percent of each request's delay
 * @param clientByMicros  the CPU work added to every response, µs
 */
record Slowdown(double serverByPercent, long clientByMicros) {
    static final Slowdown NONE = new Slowdown(0, 0);

    Slowdown {
        try {
            // The server's own check, so that the launcher refuses what the server would, before starting it.
            StubServerConfig.defaults().withSlowByPercent(serverByPercent);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--slow-server-by: " + e.getMessage(), e);
        }
        if (clientByMicros < 0) {
            throw new IllegalArgumentException("--slow-client-by must be 0 or more µs, got " + clientByMicros);
        }
    }

    /** The stub server's own arguments for it: none when the server is not slowed. */
    List<String> serverArguments() {
        return serverByPercent == 0 ? List.of() : List.of("--slow-by", String.valueOf(serverByPercent));
    }

    /** Every fork's system property for it: none when the client is not slowed. */
    List<String> forkProperties() {
        return clientByMicros == 0 ? List.of() : List.of("-D" + ForkEnvironment.SLOW_CLIENT_BY_MICROS + "=" + clientByMicros);
    }

    /** As meta.json's {@code slowdown} records it. */
    Map<String, Object> asMeta() {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("server_by_percent", serverByPercent);
        meta.put("client_by_us", clientByMicros);
        return meta;
    }
}
