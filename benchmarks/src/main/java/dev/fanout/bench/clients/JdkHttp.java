package dev.fanout.bench.clients;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpResponse.ResponseInfo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The JDK's own client, {@code java.net.http.HttpClient}, over HTTP/1.1 ({@code version(HTTP_1_1)}; the default,
 * HTTP/2, would first try an h2c upgrade) or over h2c ({@code version(HTTP_2)}), with no redirects, no proxy (the default asks the system's proxy
 * selector), a {@code connectTimeout} and a per-request {@code timeout} of {@link ClientSettings#timeout()}. The
 * request timeout runs from the send until the response headers are in: the stub server sends its whole reply at
 * once, so there it bounds the whole request. Nothing in it caps requests or connections on HTTP/1.1 (no idle
 * connection: it opens one), so {@link ClientSettings#maxConcurrent()} has nothing to size.
 *
 * <p><b>h2c.</b> The JDK's client has no prior knowledge: to an {@code http://} URL it sends its first request as
 * HTTP/1.1 with {@code Upgrade: h2c}, and every request that starts before an upgrade has come through does the
 * same on a connection of its own (the first upgraded connection is kept, the others close after their request), so
 * the warm-up sends one request before the others. Then every request is a stream of that one connection, up to the
 * server's SETTINGS_MAX_CONCURRENT_STREAMS (none from the stub server); past it a request fails with "too many
 * concurrent streams": this client opens no second connection. {@code jdk.httpclient.maxstreams} is not that limit: it
 * caps the streams a server may push.
 *
 * <p><b>Executor.</b> The default is a cached pool, which grows to hundreds of threads in a fan-out of a thousand
 * (391 at N = 1000 in the research runs) and would make every model that uses {@link #getAsync} look like one
 * thread per request. This client gets a fixed pool of one daemon thread per core instead: the executor only
 * delivers response bodies and runs what completes them, CPU work that more threads than cores cannot speed up.
 * The check and the response's CPU work then run there: this client completes its own future when the body is
 * in, because the future {@code sendAsync} returns completes one hop later on the common pool, whatever the
 * executor. The common pool still takes that hop for every request: it is part of what this client costs. There
 * is no event loop to offer ({@link HttpClient#eventLoop()}): {@code sendAsync} acquires a connection and writes
 * the request on the caller's thread, and its selector thread accepts no other work.
 *
 * <p><b>Properties.</b> Its connection pool and retries are set only by {@code jdk.httpclient.*} system
 * properties read once, when java.net.http's classes initialise ({@link #forkProperties()}): every JVM that runs
 * this client must start with them, and this client refuses to start without them rather than run with the
 * defaults. One retry cannot be turned off: a GET sent on a pooled connection that the server had closed is sent
 * again. The keep-alive timeout below the server's own keeps the server from closing one first.
 *
 * <p><b>Connections</b> have no API: {@link #openConnections()} counts this process's sockets to the ports this
 * client has sent to, from Linux's {@code /proc} ({@link EstablishedSockets}). Several JDK clients talking to one
 * server in one process (pools &gt; 1) each count all of them.
 */
final class JdkHttp implements HttpClient {
    /**
     * What java.net.http must be started with:
     * <ul>
     * <li>{@code connectionPoolSize} 0 (the default, named so that no environment changes it): no cap on the idle
     *     connections kept, so a warm-up of N keeps N;</li>
     * <li>{@code keepalive.timeout} 270 s (default 30 s): an idle connection would otherwise close between the
     *     warm-up and the ops; below the stub server's 5-minute idle timeout, as OkHttp's and reactor-netty's;</li>
     * <li>{@code disableRetryConnect} true (default false): a refused connection would otherwise be tried twice.</li>
     * </ul>
     */
    private static final Map<String, String> REQUIRED_PROPERTIES = new TreeMap<>(Map.of(
            "jdk.httpclient.connectionPoolSize", "0",
            "jdk.httpclient.keepalive.timeout", "270",
            "jdk.httpclient.disableRetryConnect", "true"));
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private final java.net.http.HttpClient client;
    private final ExecutorService executor;
    private final Duration timeout;
    /** A request is built once per URL, as {@link OkHttp} does: the harness fetches the same few URLs. */
    private final Map<URI, HttpRequest> gets = new ConcurrentHashMap<>();
    /** The futures {@code sendAsync} returned and that have not completed: what {@link #cancelAll()} cancels. */
    private final Set<CompletableFuture<?>> outstanding = ConcurrentHashMap.newKeySet();
    /**
     * How many times {@link #cancelAll()} has run. Over HTTP/2 {@code sendAsync} can write the request before it
     * returns its future, so a cancel could come between the two, find nothing outstanding, and leave the request to
     * run to its end (a CI run of ClientTest saw it): a send that sees this count move while it starts cancels itself.
     */
    private final AtomicLong cancellations = new AtomicLong();

    JdkHttp(ClientSettings settings) {
        requireProperties();
        timeout = settings.timeout();
        executor = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(),
                Thread.ofPlatform().daemon().name("jdk-http-executor-", 0).factory());
        client = java.net.http.HttpClient.newBuilder()
                .version(settings.protocol() == Protocol.h2c
                        ? java.net.http.HttpClient.Version.HTTP_2 : java.net.http.HttpClient.Version.HTTP_1_1)
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER)
                .proxy(java.net.http.HttpClient.Builder.NO_PROXY)
                .connectTimeout(timeout)
                .executor(executor)
                .build();
    }

    /** The {@code -Dname=value} arguments every JVM that runs this client needs. */
    static List<String> forkProperties() {
        return REQUIRED_PROPERTIES.entrySet().stream().map(p -> "-D" + p.getKey() + "=" + p.getValue()).toList();
    }

    static String version() {
        return "java.net.http " + Runtime.version();
    }

    @Override
    public Reply get(URI url) throws IOException {
        return await(send(gets.computeIfAbsent(url, this::getRequest)));
    }

    @Override
    public Reply post(URI url) throws IOException {
        return await(send(HttpRequest.newBuilder(url).timeout(timeout).POST(BodyPublishers.noBody()).build()));
    }

    @Override
    public CompletableFuture<Reply> getAsync(URI url) {
        return send(gets.computeIfAbsent(url, this::getRequest));
    }

    @Override
    public void cancelAll() {
        cancellations.incrementAndGet();
        outstanding.forEach(exchange -> exchange.cancel(true));
    }

    /** Linux only ({@link EstablishedSockets}); counts every JDK client's connections to the same server. */
    @Override
    public int openConnections() {
        return EstablishedSockets.to(gets.keySet().stream().map(JdkHttp::port).collect(Collectors.toSet()));
    }

    /** Aborts what is outstanding, closes the connections, and waits for the selector and executor threads to end. */
    @Override
    public void close() {
        client.shutdownNow();
        try {
            client.awaitTermination(CLOSE_WAIT);
            executor.shutdownNow();
            executor.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Sends on the caller's thread and answers with a future completed where the body completes, on the client's
     * executor. A failure before the body (timeout, refused, cancelled) arrives only through {@code sendAsync}'s
     * own future, on the common pool. Cancelling the returned future cancels the exchange.
     */
    private CompletableFuture<Reply> send(HttpRequest request) {
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        long cancelledBefore = cancellations.get();
        CompletableFuture<HttpResponse<Reply>> exchange = client.sendAsync(request, info -> completing(reply, info));
        outstanding.add(exchange);
        if (cancellations.get() != cancelledBefore) {
            exchange.cancel(true);
        }
        exchange.whenComplete((response, failure) -> {
            outstanding.remove(exchange);
            if (failure != null) {
                reply.completeExceptionally(asIOException(failure, request.uri()));
            }
        });
        reply.whenComplete((answer, failure) -> {
            if (failure instanceof CancellationException) {
                exchange.cancel(true);
            }
        });
        return reply;
    }

    /** The body decoded as {@link BodyHandlers#ofString()} decodes it (the Content-Type's charset, else UTF-8). */
    private static BodySubscriber<Reply> completing(CompletableFuture<Reply> reply, ResponseInfo info) {
        String contentType = info.headers().firstValue("Content-Type").orElse("");
        return BodySubscribers.mapping(BodyHandlers.ofString().apply(info), body -> {
            Reply answer = new Reply(info.statusCode(), contentType, body);
            reply.complete(answer);
            return answer;
        });
    }

    private HttpRequest getRequest(URI url) {
        return HttpRequest.newBuilder(url).timeout(timeout).GET().build();
    }

    /**
     * Waits as {@code HttpClient.send} does: in {@code CompletableFuture.get}, a managed block to a ForkJoinPool
     * ({@link Client#blockingGetIsManaged()}), and an interrupt cancels the exchange.
     */
    private static Reply await(CompletableFuture<Reply> reply) throws IOException {
        try {
            return reply.get();
        } catch (ExecutionException e) {
            throw (IOException) e.getCause();
        } catch (InterruptedException e) {
            reply.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a response");
        }
    }

    /** Every failure as the IOException {@link HttpClient} promises; the JDK's own are IOExceptions already. */
    private static IOException asIOException(Throwable failure, URI url) {
        Throwable cause = failure instanceof CompletionException wrapped && wrapped.getCause() != null
                ? wrapped.getCause() : failure;
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof CancellationException) {
            return new IOException("cancelled: " + url, cause);
        }
        return new IOException(cause.toString(), cause);
    }

    private static int port(URI url) {
        return url.getPort() != -1 ? url.getPort() : 80;
    }

    /**
     * @throws IllegalStateException when this JVM was not started with every required property: set later, or not at
     *                               all, java.net.http would run with its defaults
     */
    private static void requireProperties() {
        REQUIRED_PROPERTIES.forEach((name, value) -> {
            String actual = System.getProperty(name);
            if (!value.equals(actual)) {
                throw new IllegalStateException("the jdk client needs the JVM started with -D" + name + "=" + value
                        + " (java.net.http reads it once, when its classes load), not "
                        + (actual == null ? "without it" : actual) + ": start it with Client.jdk.forkProperties(), "
                        + String.join(" ", forkProperties()));
            }
        });
    }
}
