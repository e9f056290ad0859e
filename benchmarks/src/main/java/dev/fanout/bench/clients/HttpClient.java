package dev.fanout.bench.clients;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * What the harness needs from an HTTP client under test, and nothing more: a GET in the two shapes the
 * models differ by (blocking on the caller's thread, or completing a future on the client's own), opening
 * connections before measuring, cancelling what is outstanding, and closing. One small class per client
 * implements it ({@link Client} names them), so that nothing else in the harness knows which library runs.
 *
 * <p>Every implementation reads the whole body before it answers, never retries on its own (a silent retry
 * would hide a failure the harness must count), and fails a request that takes longer than its
 * {@link ClientSettings#timeout()}.
 */
public interface HttpClient extends AutoCloseable {
    /**
     * GETs {@code url} on the calling thread, which blocks until the whole response is in.
     *
     * @throws IOException on any failure to get a response: refused, reset, timed out, cancelled
     */
    Reply get(URI url) throws IOException;

    /**
     * POSTs an empty body to {@code url} on the calling thread: for the stub server's control endpoint
     * ({@code POST /stats/reset}), never measured.
     *
     * @throws IOException on any failure to get a response
     */
    Reply post(URI url) throws IOException;

    /**
     * GETs {@code url} without blocking the caller: the future completes on a thread of the client's own
     * with the reply, or exceptionally with the failure.
     */
    CompletableFuture<Reply> getAsync(URI url);

    /**
     * Opens about {@code count} connections to the server of {@code holdUrl} and leaves them idle in the
     * client's pool, so that connection set-up is not part of what gets measured. {@code holdUrl} must
     * answer after a short wait: requests that overlap in time cannot share an HTTP/1.1 connection, so
     * {@code count} concurrent ones leave {@code count} connections behind; over h2c they share one, and warm the
     * server's streams and the client's code of them.
     *
     * <p>The requests run on virtual threads, which are gone when the warm-up ends: a client's own async
     * API could leave {@code count} idle threads behind that would count in the footprint of every model
     * measured afterwards.
     *
     * <p>A request that fails is tried once more, and counted. All {@code count} start at once on a client whose code
     * is cold, so the last of them wait behind the others' CPU, seconds at {@code count} = 10,000, and a busy moment
     * can take one past its timeout before anything is measured (docs/spread.md). A caller that measures nothing
     * loses no result to a retry, and one that does can refuse any (the server's self-check does); a request that
     * fails twice still fails the warm-up, and so does the whole warm-up passing {@code timeout}.
     *
     * @return the requests that failed once and were tried again
     * @throws IOException when a warm-up request fails twice, does not answer 200, or the warm-up does not end in time
     */
    default int warm(URI holdUrl, int count, Duration timeout) throws IOException {
        List<Future<Reply>> replies = new ArrayList<>(count + 1);
        AtomicInteger retried = new AtomicInteger();
        Callable<Reply> request = () -> {
            try {
                return get(holdUrl);
            } catch (IOException first) {
                retried.incrementAndGet();
                try {
                    return get(holdUrl);
                } catch (IOException second) {
                    second.addSuppressed(first);
                    throw second;
                }
            }
        };
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            // One alone first: over h2c the connection it opens carries the others, where requests that all start on
            // a cold client would each open one (the JDK's, each upgrading its own); over HTTP/1.1 it changes nothing.
            replies.add(threads.submit(request));
            replies.getFirst().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            for (int i = 0; i < count; i++) {
                replies.add(threads.submit(request));
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            for (Future<Reply> reply : replies) {
                Reply answer = reply.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (answer.status() != 200) {
                    String body = answer.body();
                    throw new IOException("HTTP " + answer.status() + " from " + holdUrl + " during the connection warm-up: "
                            + (body.length() <= 200 ? body : body.substring(0, 200) + "…"));
                }
            }
            return retried.get();
        } catch (ExecutionException e) {
            throw new IOException("the connection warm-up failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("the server did not answer the connection warm-up of " + count + " requests within "
                    + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while opening connections to " + holdUrl, e);
        }
    }

    /**
     * The client's one event-loop thread as an executor, when it was made with one
     * ({@link ClientSettings#eventLoop()}) and lets other work run there: then every request issued and every
     * response handled from it stays on that thread, the Java form of the article's asyncio. Empty for a
     * client that has no event loop (OkHttp) or keeps it to itself (the JDK's, which sends on the caller).
     */
    default Optional<Executor> eventLoop() {
        return Optional.empty();
    }

    /**
     * The client's own operator for a fan-out, when it has one (reactor's {@code Flux.flatMapSequential}): starts the
     * {@code n} requests {@code request} makes, as many at once as there are, and joins them in order. Empty
     * for a client without one; the harness's own ways of fanning out work with every client.
     */
    default <T> Optional<CompletableFuture<List<T>>> flatMap(int n, IntFunction<CompletableFuture<T>> request) {
        return Optional.empty();
    }

    /** Cancels every request this client has outstanding; each fails as its caller sees a failure. */
    void cancelAll();

    /** The connections open in the client's pool now, idle or busy. */
    int openConnections();

    /** Stops the client's threads and closes its connections. */
    @Override
    void close();
}
