package dev.fanout.bench.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fanout.bench.models.EventLoop;
import dev.fanout.bench.workload.CheckedFetcher;
import dev.fanout.bench.workload.CpuBurner;
import dev.fanout.bench.workload.Endpoint;
import dev.fanout.bench.workload.FaultyServer;
import dev.fanout.bench.workload.FetchFailedException;
import dev.fanout.bench.workload.Outcome;
import dev.fanout.bench.workload.RequestObserver;
import dev.fanout.bench.workload.TestServer;
import dev.fanout.server.StubServer;
import dev.fanout.server.StubServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every client promises the harness, checked on each against the real stub server. The server's own
 * client ({@link TestServer#client()}) is never used here: its connections would count in the JDK client's
 * {@link HttpClient#openConnections()}, which counts the process's sockets to the server.
 */
class ClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /**
     * Threads a client's work may start that belong to the whole JVM or to the whole library, shared by every
     * client in the process, and that idle out on their own schedule rather than at a client's close: the common
     * pool (where the JDK client's {@code sendAsync} futures complete), the virtual threads' scheduler and its
     * unparker (the warm-up runs on virtual threads), OkHttp's process-wide task runner and Okio's timeout watchdog.
     */
    private static final List<String> SHARED_THREAD_PREFIXES = List.of("ForkJoinPool.commonPool-worker-",
            "ForkJoinPool-", "VirtualThread-unparker", "OkHttp TaskRunner", "Okio Watchdog");
    private static final String OKHTTP_TASK_RUNNER = "okhttp3.internal.concurrent.TaskRunner";

    /** The most platform threads a fan-out of 1,000 on an event loop may start: its threads do not grow with N. */
    private static final int MOST_NEW_THREADS = 16;
    /** Threads the JVM itself may start during either of two fan-outs (a common-pool worker, say): not the client's. */
    private static final int HOUSEKEEPING_THREADS = 2;

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Every client that runs in the JVM: all but Python's aiohttp, which only the asyncio reference row runs. */
    static Stream<Client> javaClients() {
        return Client.java().stream();
    }

    /** Every Java client over each protocol it speaks. */
    static Stream<Arguments> javaClientsOverEachProtocol() {
        return javaClients().flatMap(client -> Arrays.stream(Protocol.values()).filter(client::speaks)
                .map(protocol -> Arguments.of(client, protocol)));
    }

    private static HttpClient create(Client client, Protocol protocol) {
        return client.create(new ClientSettings(50, TIMEOUT, false, protocol));
    }

    private static HttpClient create(Client client) {
        return create(client, Protocol.http1);
    }

    private static CheckedFetcher fetcher(HttpClient client, URI url, Endpoint endpoint) {
        return new CheckedFetcher(List.of(client), url, endpoint, RequestObserver.NONE, CpuBurner.none(), 0);
    }

    @ParameterizedTest
    @MethodSource("javaClientsOverEachProtocol")
    void aBlockingAndANonBlockingGetReadTheWholeReply(Client kind, Protocol protocol) throws Exception {
        try (HttpClient client = create(kind, protocol)) {
            URI url = server.url().resolve("/?delay=0");
            Reply blocking = client.get(url);
            Reply async = client.getAsync(url).get(10, TimeUnit.SECONDS);

            for (Reply reply : new Reply[] {blocking, async}) {
                assertThat(reply.status()).isEqualTo(200);
                assertThat(reply.contentType()).startsWith("application/json");
                assertThat(reply.body()).isEqualTo("{\"msg\":\"ok\"}");
            }
            assertThat(client.get(server.url().resolve("/?delay=-1")).status()).isEqualTo(400);
            assertThat(client.post(server.url().resolve("/stats/reset")).status()).isEqualTo(200);
            assertThat(kind.version()).isNotBlank();
        }
    }

    @ParameterizedTest
    @MethodSource("javaClientsOverEachProtocol")
    void everyClientPassesTheSameChecksBlockingAndAsync(Client kind, Protocol protocol) throws Exception {
        try (HttpClient client = create(kind, protocol)) {
            CheckedFetcher ok = fetcher(client, Endpoint.OK.url(server.url(), 0), Endpoint.OK);
            CheckedFetcher random = fetcher(client, Endpoint.RANDOM.url(server.url(), 0), Endpoint.RANDOM);

            assertThat(ok.fetch()).isEqualTo("ok");
            assertThat(ok.fetchAsync().get(10, TimeUnit.SECONDS)).isEqualTo("ok");
            assertThat(Double.parseDouble(random.fetch())).isBetween(0.0, 1.0);
            assertThat(Double.parseDouble(random.fetchAsync().get(10, TimeUnit.SECONDS))).isBetween(0.0, 1.0);
            assertThat(ok.failures().count() + random.failures().count()).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("javaClientsOverEachProtocol")
    void errorRepliesAreCountedTheSameWayByEveryClient(Client kind, Protocol protocol) throws Exception {
        try (FaultyServer failing = FaultyServer.failing(); HttpClient client = create(kind, protocol)) {
            CheckedFetcher fetcher = fetcher(client, Endpoint.OK.url(failing.url(), 0), Endpoint.OK);
            List<CompletableFuture<String>> replies = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                assertThat(fetcher.fetch()).isNull();
                replies.add(fetcher.fetchAsync());
            }
            CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

            assertThat(replies).allSatisfy(reply -> assertThat(reply.join()).isNull());
            assertThatThrownBy(() -> fetcher.failures().throwIfAnyFailed(12))
                    .isInstanceOf(FetchFailedException.class)
                    .hasMessage("12 of 12 requests failed; first: UnexpectedResponseException: HTTP 500 from "
                            + Endpoint.OK.url(failing.url(), 0) + ": {\"error\":\"broken on purpose\"}");
        }
    }

    @ParameterizedTest
    @MethodSource("javaClientsOverEachProtocol")
    void aServerThatNeverAnswersFailsBothFormsAsATimeout(Client kind, Protocol protocol) throws Exception {
        try (FaultyServer hanging = FaultyServer.hanging();
             HttpClient client = kind.create(new ClientSettings(5, Duration.ofMillis(300), false, protocol))) {
            CheckedFetcher fetcher = fetcher(client, Endpoint.OK.url(hanging.url(), 0), Endpoint.OK);

            assertThat(fetcher.fetch()).isNull();
            assertThat(fetcher.failures().first()).containsIgnoringCase("timeout");
            assertThat(fetcher.fetchAsync().get(10, TimeUnit.SECONDS)).isNull();
            assertThat(fetcher.failures().count()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @MethodSource("javaClientsOverEachProtocol")
    void aRequestLongerThanTheTimeoutFails(Client kind, Protocol protocol) {
        try (HttpClient client = kind.create(new ClientSettings(5, Duration.ofMillis(300), false, protocol))) {
            assertThatThrownBy(() -> client.get(server.url().resolve("/?delay=3000"))).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> client.getAsync(server.url().resolve("/?delay=3000")).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IOException.class);
        }
    }

    /**
     * reactor-netty's {@code responseTimeout} bounds only the wait between two reads; the whole call is bounded by the
     * {@code Mono.timeout} the client adds. A trickled answer (2 bytes every 100 ms for 500 ms) never waits 300 ms
     * between reads, so only that bound can fail it.
     */
    @Test
    void reactorNettyBoundsTheWholeCallNotOnlyTheWaitBetweenReads() {
        try (HttpClient client = Client.reactor_netty.create(new ClientSettings(5, Duration.ofMillis(300), false, Protocol.http1))) {
            URI trickled = server.url().resolve("/?delay=0&fault=trickle");
            assertThatThrownBy(() -> client.get(trickled)).isInstanceOf(SocketTimeoutException.class)
                    .hasMessageContaining("within 300 ms");
            assertThatThrownBy(() -> client.getAsync(trickled).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SocketTimeoutException.class);
        }
    }

    @ParameterizedTest
    @MethodSource("javaClientsOverEachProtocol")
    void warmingOpensAsManyConnectionsAsOverlappingRequestsOverHttp1AndOneOverH2c(Client kind, Protocol protocol)
            throws Exception {
        try (HttpClient client = create(kind, protocol)) {
            assertThat(client.warm(server.url().resolve("/?delay=200"), 20, TIMEOUT)).as("requests tried again").isZero();
            if (protocol == Protocol.http1) {
                // The lone first request's connection may not be back in the pool when the 20 start: reactor-netty
                // releases it on its event loop after handing the reply over (21 seen once, 2026-12-06).
                assertThat(client.openConnections()).isBetween(20, 21);
            } else {
                assertThat(client.openConnections()).isEqualTo(1);
            }
        }
    }

    /**
     * The server's own count says the requests came as HTTP/2 streams: a client that fell back to HTTP/1.1 (the JDK's
     * does, when an upgrade is declined) would pass every other check. Read over the client under test, whose
     * connection is the one counted.
     */
    @ParameterizedTest
    @MethodSource("javaClients")
    void overH2cEveryRequestIsAStreamAndOneConnectionCarriesThemAll(Client kind) throws Exception {
        try (HttpClient client = create(kind, Protocol.h2c)) {
            long before = streams(client);
            client.warm(server.url().resolve("/?delay=200"), 50, TIMEOUT);
            assertThat(streams(client) - before).as("streams the server received").isGreaterThanOrEqualTo(51);
            assertThat(client.openConnections()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("javaClientsOverEachProtocol")
    void cancellingFailsWhatIsOutstandingBlockingAndAsync(Client kind, Protocol protocol) throws Exception {
        try (HttpClient client = create(kind, protocol)) {
            if (protocol == Protocol.h2c) {
                // The connection first: two requests that start together on a cold JDK client would each upgrade one.
                client.get(Endpoint.OK.url(server.url(), 0));
            }
            long streamsBefore = protocol == Protocol.h2c ? streams(client) : 0;
            URI slow = server.url().resolve("/?delay=5000");
            CompletableFuture<Reply> async = client.getAsync(slow);
            CompletableFuture<Reply> blocking = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    blocking.complete(client.get(slow));
                } catch (IOException | RuntimeException e) {
                    blocking.completeExceptionally(e);
                }
            });
            if (protocol == Protocol.http1) {
                awaitUntil(() -> client.openConnections() == 2, () -> "both requests on their connections");
            } else {
                // Counted as received, not as in flight: an earlier test's slow request may still be in flight at the
                // shared server, and with it in the count one of these two could be cancelled before it was sent.
                awaitUntil(() -> streamsReceived(client) >= streamsBefore + 2, () -> "both requests at the server");
            }

            client.cancelAll();

            for (CompletableFuture<Reply> reply : List.of(async, blocking)) {
                assertThatThrownBy(() -> reply.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(IOException.class);
            }
            // HTTP/1.1 has no way to cancel a request but to close its connection; HTTP/2 resets the stream alone.
            int left = protocol == Protocol.http1 ? 0 : 1;
            awaitUntil(() -> client.openConnections() == left, () -> "the cancelled requests' connections to close");
        }
    }

    /**
     * A server of HTTP/1.1 alone: OkHttp's and reactor-netty's HTTP/2 preface is no HTTP/1.1 request, and the request
     * fails at once rather than at its timeout; the JDK's client asks for an upgrade, which the server ignores, and
     * goes on over HTTP/1.1, so a trial checks the server's count of streams (the fixture) and the launcher checks
     * the server over h2c before its first trial.
     */
    @ParameterizedTest
    @MethodSource("javaClients")
    void anH2cRequestToAServerOfHttp1AloneFailsAtOnceOrGoesOverHttp1(Client kind) throws Exception {
        try (StubServer http1Only = StubServer.start(StubServerConfig.defaults().withPort(0).withH2c(false));
             HttpClient client = kind.create(new ClientSettings(5, Duration.ofSeconds(30), false, Protocol.h2c))) {
            URI url = Endpoint.OK.url(http1Only.baseUri(), 0);
            long start = System.nanoTime();
            if (kind == Client.jdk) {
                assertThat(client.get(url).status()).isEqualTo(200);
                assertThat(streams(client, http1Only.baseUri())).isZero();
            } else {
                assertThatThrownBy(() -> client.get(url)).isInstanceOf(IOException.class);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @ParameterizedTest
    @MethodSource("javaClients")
    void aBlockingGetMakesAForkJoinPoolStartASpareExactlyWhenTheClientSaysSo(Client kind) throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostRunning = new AtomicInteger();
        URI slow = server.url().resolve("/?delay=300");
        try (HttpClient client = create(kind); ForkJoinPool onePool = new ForkJoinPool(1)) {
            List<ForkJoinTask<Reply>> gets = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                gets.add(onePool.submit(() -> {
                    mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                    try {
                        return client.get(slow);
                    } finally {
                        running.decrementAndGet();
                    }
                }));
            }
            for (ForkJoinTask<Reply> get : gets) {
                assertThat(get.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
            }
        }
        assertThat(mostRunning.get()).isEqualTo(kind.blockingGetIsManaged() ? 2 : 1);
    }

    static Stream<Arguments> everyClientWithAndWithoutItsEventLoop() {
        return javaClients().flatMap(client -> client.hasEventLoop()
                ? Stream.of(Arguments.of(client, false), Arguments.of(client, true))
                : Stream.of(Arguments.of(client, false)));
    }

    @ParameterizedTest
    @MethodSource("everyClientWithAndWithoutItsEventLoop")
    void closingEndsEveryThreadTheClientStarted(Client kind, boolean eventLoop) throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        Set<Thread> clientThreads;
        try (HttpClient client = kind.create(new ClientSettings(50, TIMEOUT, eventLoop))) {
            URI url = server.url().resolve("/?delay=50");
            client.warm(url, 10, TIMEOUT);
            List<CompletableFuture<Reply>> replies = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                replies.add(client.getAsync(url));
            }
            CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            client.get(url);
            clientThreads = Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> !before.contains(thread) && !shared(thread))
                    .collect(Collectors.toSet());
            assertThat(clientThreads).as("the threads the client started to work").isNotEmpty();
        }
        awaitUntil(() -> clientThreads.stream().noneMatch(Thread::isAlive), () -> "every thread of the client to end;"
                + " alive: " + clientThreads.stream().filter(Thread::isAlive).map(Thread::getName).toList());
    }

    static Stream<Client> clientsWithAnEventLoop() {
        return javaClients().filter(Client::hasEventLoop);
    }

    @ParameterizedTest
    @MethodSource("clientsWithAnEventLoop")
    void theEventLoopModelHandlesEveryResponseOnTheClientsOneLoopThread(Client kind) throws Exception {
        try (HttpClient client = kind.create(new ClientSettings(100, TIMEOUT, true))) {
            client.warm(server.url().resolve("/?delay=200"), 100, TIMEOUT);
            CompletableFuture<Thread> loopThread = new CompletableFuture<>();
            client.eventLoop().orElseThrow().execute(() -> loopThread.complete(Thread.currentThread()));
            List<Thread> handledOn = new CopyOnWriteArrayList<>();
            CheckedFetcher fetcher = new CheckedFetcher(List.of(client), Endpoint.OK.url(server.url(), 50), Endpoint.OK,
                    (sentAt, doneAt) -> handledOn.add(Thread.currentThread()), CpuBurner.none(), 0);

            Outcome outcome = new EventLoop(100).run(fetcher);

            assertThat(outcome.replies()).hasSize(100).containsOnly("ok");
            assertThat(fetcher.failures().count()).isZero();
            assertThat(handledOn).hasSize(100).containsOnly(loopThread.get(10, TimeUnit.SECONDS));
            assertThat(loopThread.get()).isNotSameAs(Thread.currentThread());
        }
    }

    @ParameterizedTest
    @MethodSource("clientsWithAnEventLoop")
    void theEventLoopModelStartsNoMoreThreadsForATenTimesLargerFanOut(Client kind) throws Exception {
        try (HttpClient client = kind.create(new ClientSettings(1_000, TIMEOUT, true))) {
            client.warm(server.url().resolve("/?delay=200"), 1_000, Duration.ofSeconds(30));
            CheckedFetcher fetcher = fetcher(client, Endpoint.OK.url(server.url(), 50), Endpoint.OK);
            new EventLoop(1_000).run(fetcher);

            int newAt100 = newThreadsAtPeak(() -> new EventLoop(100).run(fetcher));
            int newAt1000 = newThreadsAtPeak(() -> new EventLoop(1_000).run(fetcher));

            assertThat(fetcher.failures().count()).isZero();
            assertThat(newAt1000).isLessThanOrEqualTo(MOST_NEW_THREADS)
                    .isLessThanOrEqualTo(newAt100 + HOUSEKEEPING_THREADS);
        }
    }

    static Stream<Client> clientsWithAFanOutOperator() {
        return javaClients().filter(Client::hasFlatMap);
    }

    @ParameterizedTest
    @MethodSource("clientsWithAFanOutOperator")
    void flatMapRunsEveryRequestAtOnceAndJoinsTheCheckedRepliesInRequestOrder(Client kind) throws Exception {
        try (FaultyServer failing = FaultyServer.failing(); HttpClient client = create(kind)) {
            // The later a request, the sooner it answers: joined in order of answers, this would come out reversed.
            int n = 5;
            IntFunction<CompletableFuture<Integer>> indexOnceAnswered =
                    i -> client.getAsync(server.url().resolve("/?delay=" + (n - i) * 100)).thenApply(reply -> i);
            List<Integer> order = client.flatMap(n, indexOnceAnswered).orElseThrow().get(10, TimeUnit.SECONDS);
            CheckedFetcher ok = fetcher(client, Endpoint.OK.url(server.url(), 200), Endpoint.OK);
            List<String> replies = ok.flatMap(20).get(10, TimeUnit.SECONDS);
            CheckedFetcher broken = fetcher(client, Endpoint.OK.url(failing.url(), 0), Endpoint.OK);
            List<String> mixed = client.flatMap(4, i -> i % 2 == 0 ? ok.fetchAsync() : broken.fetchAsync())
                    .orElseThrow().get(10, TimeUnit.SECONDS);

            assertThat(order).containsExactly(0, 1, 2, 3, 4);
            assertThat(replies).hasSize(20).containsOnly("ok");
            assertThat(ok.failures().count()).isZero();
            assertThat(ok.maxInFlight()).isEqualTo(20);
            assertThat(mixed).containsExactly("ok", null, "ok", null);
            assertThat(broken.failures().count()).isEqualTo(2);
        }
    }

    @Test
    void theJdkClientRefusesToStartWithoutItsForkProperties() {
        assertThat(Client.jdk.forkProperties()).containsExactlyInAnyOrder("-Djdk.httpclient.connectionPoolSize=0",
                "-Djdk.httpclient.keepalive.timeout=270", "-Djdk.httpclient.disableRetryConnect=true");
        assertThat(Client.okhttp.forkProperties()).isEmpty();
        String name = "jdk.httpclient.keepalive.timeout";
        String value = System.getProperty(name);
        try {
            System.clearProperty(name);
            assertThatThrownBy(() -> create(Client.jdk)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("-D" + name + "=270");
            System.setProperty(name, "30");
            assertThatThrownBy(() -> create(Client.jdk)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("-D" + name + "=270").hasMessageContaining("not 30");
        } finally {
            System.setProperty(name, value);
        }
    }

    /** The platform threads alive at the peak of {@code fanOut} that were not alive before it. */
    private static int newThreadsAtPeak(Runnable fanOut) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        threads.resetPeakThreadCount();
        int before = threads.getThreadCount();
        fanOut.run();
        return threads.getPeakThreadCount() - before;
    }

    /**
     * Whether {@code thread} serves every client of the JVM. OkHttp's one TaskRunner renames its thread after the task
     * it runs ("OkHttp ConnectionPool", say) and back to "OkHttp TaskRunner" after, so its threads are known by the
     * code they run, not only by name: caught mid-task, one passed for the client's and outlived it by its 60 s keep-alive.
     */
    /** The requests the test server has received as HTTP/2 streams, asked through {@code client}. */
    private static long streams(HttpClient client) throws IOException {
        return streams(client, server.url());
    }

    private static long streams(HttpClient client, URI base) throws IOException {
        return stats(client, base).path("streams").asLong(-1);
    }

    /** The requests the test server has received as HTTP/2 streams, asked through {@code client}. */
    private static long streamsReceived(HttpClient client) {
        try {
            return streams(client);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode stats(HttpClient client, URI base) throws IOException {
        return new ObjectMapper().readTree(client.get(base.resolve("/stats")).body());
    }

    private static boolean shared(Thread thread) {
        return SHARED_THREAD_PREFIXES.stream().anyMatch(thread.getName()::startsWith)
                || Arrays.stream(thread.getStackTrace())
                        .anyMatch(frame -> frame.getClassName().startsWith(OKHTTP_TASK_RUNNER));
    }

    /** Waits for something a client does in the background; the limit is only there to end a failing test. */
    private static void awaitUntil(BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(() -> "waited 10 s for " + what.get()).isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
