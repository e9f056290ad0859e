package dev.fanout.bench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fanout.bench.workload.ConnectionWarmer;
import dev.fanout.bench.workload.HttpClientFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The launcher's view of the server: is it up, and was it late? The stub server's {@code /stats} reports its
 * own timer lateness, which proves per trial that the server was not what got measured. Other servers (the
 * article's FastAPI one) have no {@code /stats}; their runs say so instead.
 */
final class ServerProbe implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SELF_CHECK_REQUESTS = 200;

    private final HttpUrl base;
    private final OkHttpClient client = HttpClientFactory.create(SELF_CHECK_REQUESTS, Duration.ofSeconds(10));
    /** Known after the first look: a server without /stats is not asked again, nor made to time out again. */
    private Boolean hasStats;

    ServerProbe(HttpUrl base) {
        this.base = base;
    }

    HttpUrl base() {
        return base;
    }

    /** Whether the server answers at all; stub servers answer {@code /health}, others {@code /}. */
    boolean answers() {
        // A fresh connection: a pooled one the server closed while idle (uvicorn does after 5 s) would
        // fail, and this client does not retry.
        client.connectionPool().evictAll();
        for (String path : new String[] {"health", ""}) {
            try (Response response = client.newCall(get(path)).execute()) {
                if (response.code() == 200) {
                    return true;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return false;
    }

    /**
     * Sends a burst of concurrent requests and reads the server's lateness for them. A first burst warms
     * the server's JIT and is not counted: a cold JVM's first requests are late for reasons no benchmark meets.
     *
     * @return the p99 lateness in ms, or empty when the server has no {@code /stats} to report it
     * @throws IllegalStateException when the server fails the burst
     */
    Optional<Double> selfCheck() {
        if (stats().isEmpty()) {
            return Optional.empty();
        }
        ConnectionWarmer.open(client, base, SELF_CHECK_REQUESTS, Duration.ofSeconds(10));
        resetStats();
        ConnectionWarmer.open(client, base, SELF_CHECK_REQUESTS, Duration.ofSeconds(10));
        return stats().map(ServerProbe::latenessP99);
    }

    /** The server's counters, or empty when it has none. */
    Optional<JsonNode> stats() {
        if (Boolean.FALSE.equals(hasStats)) {
            return Optional.empty();
        }
        try (Response response = client.newCall(get("stats")).execute()) {
            JsonNode stats = response.code() == 200 ? JSON.readTree(response.body().string()) : null;
            hasStats = stats != null && stats.has("lateness_ms");
            return hasStats ? Optional.of(stats) : Optional.empty();
        } catch (IOException e) {
            hasStats = false;
            return Optional.empty();
        }
    }

    void resetStats() {
        if (!Boolean.TRUE.equals(hasStats)) {
            return;
        }
        Request reset = new Request.Builder().url(base.resolve("/stats/reset")).post(RequestBody.EMPTY).build();
        try (Response ignored = client.newCall(reset).execute()) {
            // Only the side effect matters.
        } catch (IOException e) {
            // The next health check reports a dead server.
        }
    }

    static double latenessP99(JsonNode stats) {
        return stats.path("lateness_ms").path("p99").asDouble();
    }

    private Request get(String path) {
        return new Request.Builder().url(base.resolve("/" + path)).build();
    }

    @Override
    public void close() {
        HttpClientFactory.shutdown(client);
    }
}
