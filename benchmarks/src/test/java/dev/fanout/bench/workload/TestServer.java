package dev.fanout.bench.workload;

import dev.fanout.bench.clients.Client;
import dev.fanout.bench.clients.ClientSettings;
import dev.fanout.bench.clients.HttpClient;
import dev.fanout.server.StubServer;
import dev.fanout.server.StubServerConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** The real stub server on a free port, and a client sized like the benchmarks', for tests. */
public final class TestServer implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final StubServer server = StubServer.start(StubServerConfig.defaults().withPort(0).withSeed(1L));
    private final HttpClient client = Client.okhttp.create(new ClientSettings(1_000, TIMEOUT));
    private final StatsReader stats = new StatsReader(url(), TIMEOUT);

    public URI url() {
        return server.baseUri();
    }

    public HttpClient client() {
        return client;
    }

    /** The server's {@code /stats}, read as the benchmarks read it, on a connection of its own. */
    public StatsReader stats() {
        return stats;
    }

    /** A fetcher of {@code GET /?delay=latencyMs} that records nothing and does no CPU work. */
    public CheckedFetcher fetcher(long latencyMs) {
        return fetcher(Endpoint.OK, latencyMs);
    }

    public CheckedFetcher fetcher(Endpoint endpoint, long latencyMs) {
        return fetcher(endpoint, latencyMs, RequestObserver.NONE);
    }

    public CheckedFetcher fetcher(Endpoint endpoint, long latencyMs, RequestObserver observer) {
        return new CheckedFetcher(List.of(client), endpoint.url(url(), latencyMs), endpoint, observer, CpuBurner.none(), 0);
    }

    @Override
    public void close() {
        client.close();
        stats.close();
        server.close();
    }
}
