package dev.fanout.bench.clients;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * OkHttp 5 over HTTP/1.1, or over h2c with prior knowledge ({@code H2_PRIOR_KNOWLEDGE} alone in its protocols).
 *
 * <p>Its defaults would skew a fan-out: the Dispatcher runs at most 5 async calls per host (64 in all) and
 * the ConnectionPool keeps 5 idle connections, which would cap {@code enqueue} at 5 in flight and make every
 * blocking model reconnect. Both are sized to {@link ClientSettings#maxConcurrent()}. {@code enqueue} is not
 * thread-free: the Dispatcher runs every enqueued call as a blocking call on a thread of its cached pool, over h2c
 * as over HTTP/1.1, so {@code enqueue} holds a platform thread a request in flight either way.
 *
 * <p>Over h2c a connection takes as many streams as the server's SETTINGS allow (no limit from the stub server, and
 * OkHttp sets none of its own), so a fan-out shares one connection; past a server's limit OkHttp opens another, it
 * does not queue. Calls that start together on a cold client may each open a socket, then keep the first and close
 * theirs, which the warm-up's first request prevents.
 */
final class OkHttp implements HttpClient {
    /**
     * Idle connections are dropped by the client before the stub server's 5-minute idle timeout can close
     * one under a request: with retries off, a close by the server would count as a failed request.
     */
    private static final int IDLE_MINUTES = 4;

    private final OkHttpClient client;
    /** A URL is parsed once, not once a request: the harness fetches the same few URLs millions of times. */
    private final Map<URI, Request> requests = new ConcurrentHashMap<>();

    OkHttp(ClientSettings settings) {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(settings.maxConcurrent());
        dispatcher.setMaxRequestsPerHost(settings.maxConcurrent());
        client = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(settings.maxConcurrent(), IDLE_MINUTES, TimeUnit.MINUTES))
                .protocols(List.of(settings.protocol() == Protocol.h2c
                        ? okhttp3.Protocol.H2_PRIOR_KNOWLEDGE : okhttp3.Protocol.HTTP_1_1))
                .callTimeout(settings.timeout())
                .connectTimeout(settings.timeout())
                .readTimeout(settings.timeout())
                .writeTimeout(settings.timeout())
                .retryOnConnectionFailure(false)
                .build();
    }

    static String version() {
        return okhttp3.OkHttp.VERSION;
    }

    @Override
    public Reply get(URI url) throws IOException {
        try (Response response = client.newCall(request(url)).execute()) {
            return reply(response);
        }
    }

    @Override
    public Reply post(URI url) throws IOException {
        Request post = new Request.Builder().url(HttpUrl.get(url.toString())).post(RequestBody.EMPTY).build();
        try (Response response = client.newCall(post).execute()) {
            return reply(response);
        }
    }

    @Override
    public CompletableFuture<Reply> getAsync(URI url) {
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        client.newCall(request(url)).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                reply.completeExceptionally(e);
            }

            @Override
            public void onResponse(Call call, Response response) {
                try (response) {
                    reply.complete(reply(response));
                } catch (IOException | RuntimeException e) {
                    reply.completeExceptionally(e);
                }
            }
        });
        return reply;
    }

    @Override
    public void cancelAll() {
        client.dispatcher().cancelAll();
    }

    @Override
    public int openConnections() {
        return client.connectionPool().connectionCount();
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    private Request request(URI url) {
        return requests.computeIfAbsent(url, u -> new Request.Builder().url(HttpUrl.get(u.toString())).build());
    }

    private static Reply reply(Response response) throws IOException {
        return new Reply(response.code(), response.header("Content-Type", ""), response.body().string());
    }
}
