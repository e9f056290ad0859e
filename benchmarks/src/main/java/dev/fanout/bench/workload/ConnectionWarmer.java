package dev.fanout.bench.workload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Opens the connections a fetch-N will use before it is measured: connection set-up is not part of the
 * measured fetch. Requests that overlap in time cannot share an HTTP/1.1 connection, so {@code count}
 * concurrent requests, each waiting a little at the server, leave about {@code count} idle connections in
 * the client's pool.
 *
 * <p>The requests run on virtual threads, which are gone when the warm-up ends: OkHttp's own {@code enqueue}
 * would leave {@code count} idle platform threads in its Dispatcher's pool for a minute, and they would
 * count in the footprint of every model measured afterwards.
 */
public final class ConnectionWarmer {
    private static final long HOLD_MS = 200;

    private ConnectionWarmer() {
    }

    public static void open(OkHttpClient client, HttpUrl server, int count, Duration timeout) {
        Request request = new Request.Builder().url(Endpoint.OK.url(server, HOLD_MS)).build();
        List<Future<String>> replies = new ArrayList<>(count);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                replies.add(threads.submit(() -> {
                    try (Response response = client.newCall(request).execute()) {
                        return Endpoint.OK.check(response);
                    }
                }));
            }
            long deadline = System.nanoTime() + timeout.plusMillis(HOLD_MS).toNanos();
            for (Future<String> reply : replies) {
                reply.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
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
