package dev.fanout.bench.workload;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Opens the connections a fetch-N will use before it is measured: connection set-up is not part of the
 * measured fetch. Requests that overlap in time cannot share an HTTP/1.1 connection, so {@code count}
 * concurrent requests, each waiting a little at the server, leave about {@code count} idle connections in
 * the client's pool.
 */
public final class ConnectionWarmer {
    private static final long HOLD_MS = 200;

    private ConnectionWarmer() {
    }

    public static void open(OkHttpClient client, HttpUrl server, int count, Duration timeout) {
        Request request = new Request.Builder().url(Endpoint.OK.url(server, HOLD_MS)).build();
        CompletableFuture<?>[] replies = new CompletableFuture<?>[count];
        for (int i = 0; i < count; i++) {
            CompletableFuture<Void> reply = new CompletableFuture<>();
            client.newCall(request).enqueue(new Callback() {
                @Override
                public void onFailure(Call call, IOException e) {
                    reply.completeExceptionally(e);
                }

                @Override
                public void onResponse(Call call, Response response) {
                    try (response) {
                        Endpoint.OK.check(response);
                        reply.complete(null);
                    } catch (IOException | RuntimeException e) {
                        reply.completeExceptionally(e);
                    }
                }
            });
            replies[i] = reply;
        }
        try {
            CompletableFuture.allOf(replies).get(timeout.toMillis() + HOLD_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the server at " + server + " failed the connection warm-up: "
                    + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the server at " + server + " did not answer the connection warm-up of "
                    + count + " requests within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while opening connections to " + server, e);
        }
    }
}
