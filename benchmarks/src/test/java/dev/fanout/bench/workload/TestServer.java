package dev.fanout.bench.workload;

import dev.fanout.server.StubServer;
import dev.fanout.server.StubServerConfig;
import java.time.Duration;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/** The real stub server on a free port, and a client sized like the benchmarks', for tests. */
public final class TestServer implements AutoCloseable {
    private final StubServer server = StubServer.start(StubServerConfig.defaults().withPort(0).withSeed(1L));
    private final OkHttpClient client = HttpClientFactory.create(1_000, Duration.ofSeconds(10));

    public HttpUrl url() {
        return HttpUrl.get(server.baseUri().toString());
    }

    public OkHttpClient client() {
        return client;
    }

    /** A fetcher of {@code GET /?delay=latencyMs} that records nothing and does no CPU work. */
    public CheckedFetcher fetcher(long latencyMs) {
        return fetcher(Endpoint.OK, latencyMs);
    }

    public CheckedFetcher fetcher(Endpoint endpoint, long latencyMs) {
        Request request = new Request.Builder().url(endpoint.url(url(), latencyMs)).build();
        return new CheckedFetcher(client, request, endpoint, RequestObserver.NONE, CpuBurner.none(), 0);
    }

    @Override
    public void close() {
        HttpClientFactory.shutdown(client);
        server.close();
    }
}
