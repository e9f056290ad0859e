package dev.fanout.bench.clients;

import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.Version;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import reactor.core.Disposable;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.HttpProtocol;
import reactor.netty.resources.ConnectionPoolMetrics;
import reactor.netty.http.client.Http2AllocationStrategy;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * reactor-netty's HTTP client (what Spring WebFlux's {@code WebClient} runs on) over HTTP/1.1, on netty's epoll
 * transport where it is available (NIO otherwise), with its own event loops and connection pool.
 *
 * <p>Its defaults would skew a fan-out, so each is set here (default, then what this client sets):
 * <ul>
 * <li>pool: at most {@code max(cores, 8) × 2} = 16 connections, and twice that many acquires waiting for one before
 *     an acquire fails; here {@code maxConnections} is {@link ClientSettings#maxConcurrent()}, so that none waits,
 *     waiting acquires are unbounded ({@code pendingAcquireMaxCount(-1)}) and wait at most the request timeout
 *     ({@code pendingAcquireTimeout}, default 45 s);</li>
 * <li>idle connections: kept until the server closes them; here {@code maxIdleTime} 270 s, the JDK client's
 *     keep-alive, below the stub server's 5-minute idle timeout, so that the server never closes one first;</li>
 * <li>retry: a request whose connection was reset before it was sent is sent again, once; here
 *     {@code disableRetry(true)};</li>
 * <li>timers: on reactor's {@code parallel} scheduler, threads of their own; here a waiting acquire's timeout and
 *     the whole call's run on this client's event loops;</li>
 * <li>timeouts: none but the connect's 30 s; here connect ({@code CONNECT_TIMEOUT_MILLIS}), response
 *     ({@code responseTimeout}: the longest wait between reads once the request is sent) and the whole call
 *     ({@code Mono.timeout}, as OkHttp's {@code callTimeout}) each get {@link ClientSettings#timeout()}.</li>
 * </ul>
 *
 * <p>Over h2c ({@code HttpProtocol.H2C} alone: prior knowledge) the pool is one of streams over connections
 * ({@code Http2AllocationStrategy}): streams per connection as the server's SETTINGS allow (none from the stub
 * server; netty's own limit is {@code Integer.MAX_VALUE}), at most {@link ClientSettings#maxConcurrent()}
 * connections, and {@code strictConnectionReuse} so that a stream takes a connection already open before a new one is
 * made (the default opens one whenever none is ready). reactor-netty sets waiting acquires of streams unbounded itself.
 *
 * <p>With {@link ClientSettings#eventLoop()} the client runs on exactly one event-loop thread, which
 * {@link #eventLoop()} offers: a fan-out issued from it sends, receives and completes every request there.
 * Otherwise it runs reactor-netty's default number of loops, {@code max(cores, 4)}. Either way the loops are its own,
 * not reactor-netty's global ones, so that {@link #close()} ends them.
 *
 * <p>A reply completes on the event loop that read it, so the check and the response's CPU work run there, as
 * they do in a reactive application. The blocking {@link #get} waits as {@code Mono.block()} does.
 */
final class ReactorNetty implements HttpClient {
    private static final Duration MAX_IDLE = Duration.ofSeconds(270);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    /**
     * A connection's write buffer over h2c: 16 to 32 MiB (netty's default 32 to 64 KiB). Each time a connection's
     * writability flips, netty's {@code Http2MultiplexHandler} walks every active stream of it
     * ({@code forEachActiveStream}) to tell each; a fan-out of 100,000 streams queues its HEADERS frames (about 3 MB)
     * past the default mark again and again, and the walks took most of the event loop's own time.
     */
    private static final WriteBufferWaterMark H2C_WRITE_BUFFER = new WriteBufferWaterMark(16 << 20, 32 << 20);

    private final LoopResources loops;
    private final ConnectionProvider provider;
    private final reactor.netty.http.client.HttpClient client;
    /** Where {@code Mono.timeout} runs its timers: this client's loops. Never disposed: that would shut them down. */
    private final Scheduler timers;
    private final Duration timeout;
    /**
     * What a request that outlives the timeout becomes: {@code Mono.timeout}'s form with a fallback, because the form
     * without one ({@code timeout(Duration, Scheduler)}) builds its error's description at every subscription, that is
     * at every request: the source's name from its class name through a regex and a stream of its parents. That cost
     * C2 0.3–1.1 s a fork at N = 10,000 (JFR's {@code jdk.Compilation}; in one fork of six, 0.7 s of it during the
     * measured ops), and CPU at each request that is the harness's choice of form, not the model's.
     */
    private final Mono<Reply> timeoutFallback = Mono.error(TimeoutException::new);
    private final Optional<Executor> eventLoop;
    /** Every pool the provider made (one per server), by the id it registered with. */
    private final Map<String, ConnectionPoolMetrics> pools = new ConcurrentHashMap<>();
    /** The requests not yet answered, with the subscription that cancels each. */
    private final Map<CompletableFuture<Reply>, Disposable> outstanding = new ConcurrentHashMap<>();

    ReactorNetty(ClientSettings settings) {
        String name = "reactor-netty-" + INSTANCES.incrementAndGet();
        timeout = settings.timeout();
        loops = LoopResources.create(name, settings.eventLoop() ? 1 : LoopResources.DEFAULT_IO_WORKER_COUNT, true);
        EventLoopGroup group = loops.onClient(true);
        eventLoop = settings.eventLoop() ? Optional.of(group.next()) : Optional.empty();
        timers = Schedulers.fromExecutorService(group, name + "-timers");
        ConnectionProvider.Builder pool = ConnectionProvider.builder(name)
                .maxConnections(settings.maxConcurrent())
                .pendingAcquireMaxCount(-1)
                .pendingAcquireTimeout(timeout)
                .pendingAcquireTimer((task, delay) -> {
                    ScheduledFuture<?> scheduled = group.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
                    return () -> scheduled.cancel(false);
                })
                .maxIdleTime(MAX_IDLE)
                .metrics(true, () -> new PoolRegistrar(pools));
        boolean h2c = settings.protocol() == Protocol.h2c;
        if (h2c) {
            // After maxConnections, which clears a strategy set before it.
            pool.allocationStrategy(Http2AllocationStrategy.builder()
                    .maxConnections(settings.maxConcurrent())
                    .strictConnectionReuse(true)
                    .build());
        }
        provider = pool.build();
        client = reactor.netty.http.client.HttpClient.create(provider)
                .runOn(loops, true)
                .protocol(h2c ? HttpProtocol.H2C : HttpProtocol.HTTP11)
                .keepAlive(true)
                .followRedirect(false)
                .disableRetry(true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(timeout.toMillis()))
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, h2c ? H2C_WRITE_BUFFER : WriteBufferWaterMark.DEFAULT)
                .responseTimeout(timeout);
    }

    /** reactor-netty's jars say no version a shaded jar keeps: the build writes it into a resource. */
    static String version() {
        Properties built = new Properties();
        try (InputStream in = ReactorNetty.class.getResourceAsStream("reactor-netty.properties")) {
            built.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read reactor-netty's version, written by the build", e);
        }
        return "reactor-netty " + built.getProperty("version") + ", netty "
                + Version.identify().get("netty-transport").artifactVersion() + ", "
                + (LoopResources.hasNativeSupport() ? "epoll" : "nio");
    }

    @Override
    public Reply get(URI url) throws IOException {
        return block(call(url, exchange(HttpMethod.GET, url)));
    }

    @Override
    public Reply post(URI url) throws IOException {
        return block(call(url, exchange(HttpMethod.POST, url)));
    }

    @Override
    public CompletableFuture<Reply> getAsync(URI url) {
        return call(url, exchange(HttpMethod.GET, url));
    }

    @Override
    public Optional<Executor> eventLoop() {
        return eventLoop;
    }

    /**
     * {@code Flux.flatMapSequential} with a concurrency of {@code n}: all the requests at once (plain
     * {@code flatMap}'s default would be 256), their replies in request order, as {@code asyncio.gather} and the
     * other models give them. Each request is made when the operator subscribes to it ({@code Mono.fromFuture} of
     * a supplier), and one that answers {@code null} (a failed request, to the harness) keeps its place as
     * {@code null}, which a reactive stream cannot carry.
     */
    @Override
    public <T> Optional<CompletableFuture<List<T>>> flatMap(int n, IntFunction<CompletableFuture<T>> request) {
        return Optional.of(Flux.range(0, n)
                .flatMapSequential(i -> Mono.fromFuture(() -> request.apply(i))
                        .map(Optional::of)
                        .defaultIfEmpty(Optional.empty()), n)
                .collectList()
                .map(replies -> replies.stream().map(reply -> reply.orElse(null)).toList())
                .toFuture());
    }

    /** Fails every outstanding request and cancels its subscription, which closes its connection. */
    @Override
    public void cancelAll() {
        outstanding.keySet().forEach(reply -> reply.completeExceptionally(new IOException("cancelled")));
    }

    /**
     * The pools' connections, busy or idle, as the pools count them; over h2c the pool of connections beneath the
     * streams is the one this client's registrar hears of.
     */
    @Override
    public int openConnections() {
        return pools.values().stream().mapToInt(ConnectionPoolMetrics::allocatedSize).sum();
    }

    /** Closes every connection, then ends the event loops. */
    @Override
    public void close() {
        provider.disposeLater().block(CLOSE_WAIT);
        loops.disposeLater(Duration.ZERO, CLOSE_WAIT).block(CLOSE_WAIT);
    }

    /** One request, read whole and bounded as a whole by the timeout. Nothing happens until it is subscribed to. */
    private Mono<Reply> exchange(HttpMethod method, URI url) {
        return client.request(method)
                .uri(url)
                .responseSingle((response, body) -> body.asString(StandardCharsets.UTF_8)
                        .defaultIfEmpty("")
                        .map(text -> new Reply(response.status().code(),
                                response.responseHeaders().get(HttpHeaderNames.CONTENT_TYPE, ""), text)))
                .timeout(timeout, timeoutFallback, timers);
    }

    /**
     * Subscribes to {@code exchange} on the calling thread (in event-loop mode, the loop) and answers with a future
     * completed on the event loop that read the reply. Completing the future otherwise (a cancel) cancels the
     * subscription: a cancelled subscriber is told nothing, so the future is what tells the caller.
     */
    private CompletableFuture<Reply> call(URI url, Mono<Reply> exchange) {
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        Disposable subscription = exchange.subscribe(reply::complete,
                failure -> reply.completeExceptionally(asIOException(failure, url)));
        outstanding.put(reply, subscription);
        reply.whenComplete((answer, failure) -> {
            outstanding.remove(reply);
            if (failure != null) {
                subscription.dispose();
            }
        });
        return reply;
    }

    /**
     * Waits as {@code Mono.block()} does, on a latch that a ForkJoinPool does not see, and refuses to block an event
     * loop; an interrupt cancels the request.
     */
    private static Reply block(CompletableFuture<Reply> reply) throws IOException {
        try {
            return Mono.fromFuture(reply).block();
        } catch (RuntimeException e) {
            Throwable cause = Exceptions.unwrap(e);
            if (cause instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for a response");
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            throw e;
        }
    }

    /** Every failure as the IOException {@link HttpClient} promises; the three timeouts as one. */
    private IOException asIOException(Throwable failure, URI url) {
        if (failure instanceof IOException io) {
            return io;
        }
        if (failure instanceof TimeoutException || failure instanceof io.netty.handler.timeout.TimeoutException) {
            SocketTimeoutException timedOut = new SocketTimeoutException("timeout: no whole response from " + url
                    + " within " + timeout.toMillis() + " ms");
            timedOut.initCause(failure);
            return timedOut;
        }
        return new IOException(failure.toString(), failure);
    }

    /** Receives each pool the provider makes, so its connections can be counted without Micrometer. */
    private record PoolRegistrar(Map<String, ConnectionPoolMetrics> pools)
            implements ConnectionProvider.MeterRegistrar {
        @Override
        public void registerMetrics(String poolName, String id, SocketAddress remoteAddress,
                                    ConnectionPoolMetrics metrics) {
            pools.put(id, metrics);
        }

        @Override
        public void deRegisterMetrics(String poolName, String id, SocketAddress remoteAddress) {
            pools.remove(id);
        }
    }
}
