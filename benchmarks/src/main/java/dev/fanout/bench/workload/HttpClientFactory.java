package dev.fanout.bench.workload;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

/**
 * The one OkHttp configuration every model gets, so only the concurrency model differs between them.
 *
 * <p>OkHttp's defaults would skew the comparison: its Dispatcher runs at most 5 async calls per host (64 in
 * all) and its ConnectionPool keeps 5 idle connections, which would cap {@code completable_future_async}
 * at 5 in flight and make every other model reconnect. Both are sized for the largest fan-out instead.
 */
public final class HttpClientFactory {
    /**
     * Idle connections are dropped by the client before the stub server's 5-minute idle timeout would close
     * them under a request: with retries off, a server-side close would count as a failed request.
     */
    private static final int IDLE_MINUTES = 4;

    private HttpClientFactory() {
    }

    /**
     * @param maxConcurrent the most requests any model will have in flight at once (the largest N)
     * @param timeout       the limit for one whole call, connection included
     */
    public static OkHttpClient create(int maxConcurrent, Duration timeout) {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be >= 1, got " + maxConcurrent);
        }
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(maxConcurrent);
        dispatcher.setMaxRequestsPerHost(maxConcurrent);
        return new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(maxConcurrent, IDLE_MINUTES, TimeUnit.MINUTES))
                .protocols(List.of(Protocol.HTTP_1_1))
                .callTimeout(timeout)
                .connectTimeout(timeout)
                .readTimeout(timeout)
                .writeTimeout(timeout)
                // A silent retry would hide a failure: every failed request is counted instead.
                .retryOnConnectionFailure(false)
                .build();
    }

    /** Stops the client's threads and closes its connections. */
    public static void shutdown(OkHttpClient client) {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
