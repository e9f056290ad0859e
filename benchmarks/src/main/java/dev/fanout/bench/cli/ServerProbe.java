package dev.fanout.bench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.bench.clients.Client;
import dev.fanout.bench.clients.ClientSettings;
import dev.fanout.bench.clients.HttpClient;
import dev.fanout.bench.clients.Protocol;
import dev.fanout.bench.workload.Endpoint;
import dev.fanout.bench.workload.StatsReader;
import dev.fanout.bench.workload.ServerUsage;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The launcher's view of the server: is it up, and was it late? The stub server's {@code /stats} reports its
 * own timer lateness, which proves per trial that the server was not what got measured. Other servers (the
 * article's FastAPI one) have no {@code /stats}; their runs say so instead. A server the launcher started
 * as a child process must also still be alive.
 */
final class ServerProbe implements RunLoop.Server, AutoCloseable {
    private static final int SELF_CHECK_REQUESTS = 200;
    private static final long SELF_CHECK_HOLD_MS = 200;
    /**
     * Bursts of instant requests before the self-check: a fresh server JVM still compiles its request path, and
     * the CPU it spends on that would be charged to the first trials' requests (measured: 525 µs of server CPU a
     * request in a first trial, where a warm server spends tens).
     */
    private static final int JIT_WARM_UP_BURSTS = 25;
    private static final ClientSettings SETTINGS = new ClientSettings(SELF_CHECK_REQUESTS, Duration.ofSeconds(10));

    private final URI base;
    private final ServerProcess child;
    /** The client that checks the server answers as the stub does. */
    private final HttpClient client = Client.okhttp.create(SETTINGS);
    private final Set<Protocol> protocols;
    private final StatsReader stats;

    /**
     * @param child     the server's process when the launcher started it, or null
     * @param protocols the protocols the run's trials speak: the server is checked and warmed over each
     */
    ServerProbe(URI base, ServerProcess child, Set<Protocol> protocols) {
        this.base = base;
        this.child = child;
        this.protocols = protocols.isEmpty() ? Set.of(Protocol.http1) : Set.copyOf(protocols);
        this.stats = new StatsReader(base, SETTINGS.timeout());
    }

    /** A client over {@code protocol} for a check that closes it, and its connections, when done. */
    private static HttpClient over(Protocol protocol) {
        return Client.okhttp.create(new ClientSettings(SELF_CHECK_REQUESTS, SETTINGS.timeout(), false, protocol));
    }

    URI base() {
        return base;
    }

    /** Whether the server answers at all; stub servers answer {@code /health}, others {@code /}. */
    @Override
    public boolean answers() {
        if (child != null && !child.isAlive()) {
            return false;
        }
        // A fresh connection: a pooled one the server closed while idle (uvicorn does after 5 s) would fail,
        // and no client here retries.
        try (HttpClient fresh = Client.okhttp.create(SETTINGS)) {
            for (String path : new String[] {"/health", "/"}) {
                if (fresh.get(base.resolve(path)).status() == 200) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Whether the server answers the benchmarks' request as they check it ({@code GET /?delay=0}: status 200,
     * JSON, {@code {"msg":"ok"}}), over every protocol the run speaks, so that a wrong URL, or a server without
     * h2c, stops the run before its first trial rather than failing every trial.
     *
     * @return null when it does, else what is wrong
     */
    String answersLikeTheStub() {
        URI url = Endpoint.OK.url(base, 0);
        try {
            Endpoint.OK.check(url, client.get(url));
        } catch (IOException e) {
            return e.getMessage();
        }
        for (Protocol protocol : protocols) {
            try (HttpClient spoken = over(protocol)) {
                Endpoint.OK.check(url, spoken.get(url));
            } catch (IOException e) {
                return "it does not answer over " + protocol + " (" + protocol.longName()
                        + "), which trials of this run speak: " + e;
            }
        }
        return null;
    }

    /**
     * Warms the server's JIT with bursts of instant requests, then sends a burst of concurrent requests and reads
     * the server's lateness for them: a cold JVM's first requests are late, and costly, for reasons no benchmark
     * meets.
     *
     * @return the p99 lateness in ms, or empty when the server has no {@code /stats} to report it
     * @throws IOException when the server fails the burst
     */
    Optional<Double> selfCheck() throws IOException {
        if (stats().isEmpty()) {
            return Optional.empty();
        }
        URI instant = Endpoint.OK.url(base, 0);
        URI hold = Endpoint.OK.url(base, SELF_CHECK_HOLD_MS);
        for (Protocol protocol : protocols) {
            try (HttpClient burst = over(protocol)) {
                for (int i = 0; i < JIT_WARM_UP_BURSTS; i++) {
                    answeredEvery(burst.warm(instant, SELF_CHECK_REQUESTS, SETTINGS.timeout()));
                }
            }
        }
        try (HttpClient burst = over(Protocol.http1)) {
            answeredEvery(burst.warm(hold, SELF_CHECK_REQUESTS, SETTINGS.timeout()));
            resetStats();
            answeredEvery(burst.warm(hold, SELF_CHECK_REQUESTS, SETTINGS.timeout()));
        }
        return stats().map(ServerUsage::of).map(ServerUsage::latenessP99Ms);
    }

    /** The self-check checks the server: a burst request that needed a second try is a failure, not a warm-up's retry. */
    private static void answeredEvery(int retried) throws IOException {
        if (retried > 0) {
            throw new IOException(retried + " of a burst's " + SELF_CHECK_REQUESTS + " requests failed on their first try");
        }
    }

    @Override
    public Optional<JsonNode> stats() {
        return stats.read();
    }

    @Override
    public void resetStats() {
        stats.reset();
    }

    @Override
    public void close() {
        client.close();
        stats.close();
    }
}
