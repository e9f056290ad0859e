package dev.fanout.bench.suite;

import dev.fanout.bench.clients.Client;
import dev.fanout.bench.clients.ClientSettings;
import dev.fanout.bench.clients.HttpClient;
import dev.fanout.bench.clients.Protocol;
import dev.fanout.bench.workload.CheckedFetcher;
import dev.fanout.bench.workload.CpuBurner;
import dev.fanout.bench.workload.Endpoint;
import dev.fanout.bench.workload.FanOut;
import dev.fanout.bench.workload.Outcome;
import dev.fanout.bench.workload.RequestObserver;
import dev.fanout.bench.workload.TestServer;
import org.assertj.core.api.SoftAssertions;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every concurrency model through every Java client, over HTTP/1.1 and h2c, against the stub server's real faults: a
 * fan-out of {@value #N} requests of which {@value #FAULTY} hit one fault. The op must count exactly the faulty
 * requests as failed (over h2c a GOAWAY may fail every request of its connection: at least the faulty one) and name
 * the first, end within the request timeout, and leave no thread and no connection behind;
 * {@code structured} may cancel the others, and must then return them without a reply.
 */
class FaultMatrixTest {
    private static final int N = 4;
    /** Every fourth request hits the fault. */
    private static final int FAULTY = N / 4;
    private static final long L = 20;
    /** Longer than trickle's 500 ms, which must come through whole, and short enough for hang to end the test soon. */
    private static final Duration TIMEOUT = Duration.ofMillis(1_200);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Idle threads a client's cached pools may keep beyond a clean fan-out's for a while: not a leak. */
    private static final int SPARE_THREADS = 2;
    /**
     * Over h2c, one more: OkHttp reads each HTTP/2 connection on a thread of its own, and after a GOAWAY the new
     * connection's reader starts before the old one's has ended.
     */
    private static final int SPARE_THREADS_OVER_H2C = 3;

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /**
     * A fault the server injects, and what a request that meets it must come to. Over h2c the server resets the
     * stream for each fault that breaks an HTTP/1.1 connection (reset, close, malformed, truncated), so only one of
     * them runs there, with an error status, a hang (a stream that times out) and HTTP/2's own fault: {@code goaway}
     * ends the connection, and every stream on it.
     */
    enum Fault {
        reset(true, true), close(true, false), http500(true, true), http503(true, false), malformed(true, false),
        truncated(true, false), hang(true, true), goaway(true, true),
        /** The right answer, two bytes every 100 ms: slow, not wrong (HTTP/1.1's, for the time of the suite). */
        trickle(false, false);

        final boolean fails;
        final boolean overH2c;

        Fault(boolean fails, boolean overH2c) {
            this.fails = fails;
            this.overH2c = overH2c;
        }

        static List<Fault> over(Protocol protocol) {
            return Arrays.stream(values()).filter(fault -> protocol == Protocol.http1 || fault.overH2c).toList();
        }

        /** Whether a request that did not meet the fault may fail with it: GOAWAY ends every stream of its connection. */
        boolean endsOthers(Protocol protocol) {
            return this == goaway && protocol == Protocol.h2c;
        }

        String parameter() {
            return name().startsWith("http") ? name().substring(4) : name();
        }
    }

    static Stream<Arguments> everyModelAndClient() {
        return Arrays.stream(Protocol.values()).flatMap(protocol -> Client.java().stream()
                .filter(client -> client.speaks(protocol))
                .flatMap(client -> Workload.modelsOf(client).stream().map(model -> Arguments.of(model, client, protocol))));
    }

    private static Setting setting(Workload model, Client client, Protocol protocol) {
        return Setting.of(Params.WORKLOAD, model, Params.CLIENT, client, Params.PROTOCOL, protocol, Params.N, N,
                Params.LATENCY_MS, L, Params.K, model.usesK() ? 2 : 0);
    }

    /**
     * One client and one model against each fault in turn. A first fan-out with a reset connection lets the client
     * start what it starts once for broken connections (OkHttp's connection-pool cleaner, a thread kept a minute).
     * Connections and threads are judged over the whole run of faults, as a leak would add up: a connection left by
     * every failing fault would be seven, a thread left by every fault eight. The slack is what a healthy client
     * may add. A pool may grow by one connection per request in flight: reactor-netty completes a reply before it
     * returns the connection to its pool, so a caller's next request can find it still taken and open another.
     * A client's cached pools may keep an idle thread or two more for a minute (OkHttp's Dispatcher does).
     */
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("everyModelAndClient")
    void aKnownShareOfFaultyRequestsIsCountedNamedAndLeavesNothingBehind(Workload model, Client kind, Protocol protocol)
            throws Exception {
        Setting setting = setting(model, kind, protocol);
        try (HttpClient client = kind.create(new ClientSettings(N, TIMEOUT, model == Workload.event_loop, protocol));
             FanOut fanOut = setting.create(2, RequestObserver.NONE)) {
            run(fanOut, client, Fault.reset);
            run(fanOut, client, null);
            int threadsBefore = THREADS.getThreadCount();
            int connectionsAfterCleanFanOuts = 0;
            SoftAssertions softly = new SoftAssertions();
            for (Fault fault : Fault.over(protocol)) {
                run(fanOut, client, null);
                connectionsAfterCleanFanOuts = Math.max(connectionsAfterCleanFanOuts, client.openConnections());

                Ran ran = run(fanOut, client, fault);

                int expected = fault.fails ? FAULTY : 0;
                long failures = ran.fetcher().failures().count();
                softly.assertThat(failures).as(fault + ": failures")
                        .isBetween((long) expected, fault.endsOthers(protocol) ? N : (long) expected);
                // structured cancels the requests still out when one fails; every other model waits for them all.
                int cancelled = ran.outcome().lost();
                softly.assertThat(cancelled).as(fault + ": requests cancelled")
                        .isBetween(0, model == Workload.structured && fault.fails ? N - FAULTY : 0);
                // Under a GOAWAY, structured may see a request fail after the scope has cancelled: failed and cancelled.
                long overlap = fault.endsOthers(protocol) ? Math.min(failures, cancelled) : 0;
                softly.assertThat(ran.outcome().replies().stream().filter(r -> r == null).count())
                        .as(fault + ": replies missing").isBetween(failures + cancelled - overlap, failures + cancelled);
                if (fault.fails) {
                    softly.assertThat(ran.fetcher().failures().first()).as(fault + ": the first failure, named")
                            .isNotBlank();
                }
                if (fault == Fault.http500 || fault == Fault.http503) {
                    softly.assertThat(ran.fetcher().failures().first()).contains("HTTP " + fault.parameter());
                }
                // Each wave of the model waits at most one timeout for its faulty requests; the slack is a loaded machine's.
                long waves = (N + setting.concurrency() - 1) / setting.concurrency();
                softly.assertThat(ran.millis()).as(fault + ": the op ends within its requests' timeouts")
                        .isLessThan(waves * (TIMEOUT.toMillis() + L) + 5_000);
            }
            int mostConnections = connectionsAfterCleanFanOuts + setting.concurrency();
            awaitNoMoreThan(mostConnections, client::openConnections);
            softly.assertThat(client.openConnections()).as("open connections after every fault")
                    .isLessThanOrEqualTo(mostConnections);
            int spare = protocol == Protocol.h2c ? SPARE_THREADS_OVER_H2C : SPARE_THREADS;
            awaitNoMoreThan(threadsBefore + spare, THREADS::getThreadCount);
            softly.assertThat(THREADS.getThreadCount()).as("platform threads after every fault")
                    .isLessThanOrEqualTo(threadsBefore + spare);
            softly.assertAll();
        }
    }

    /** One op, with every fourth request meeting {@code fault} (none when null). */
    private static Ran run(FanOut fanOut, HttpClient client, Fault fault) throws InterruptedException {
        CheckedFetcher fetcher = new CheckedFetcher(List.of(client),
                List.of(url(null), url(null), url(null), url(fault)), Endpoint.OK, RequestObserver.NONE, CpuBurner.none(), 0);
        fetcher.resetCounters();
        long start = System.nanoTime();
        Outcome outcome = fanOut.run(fetcher);
        return new Ran(outcome, fetcher, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    private record Ran(Outcome outcome, CheckedFetcher fetcher, long millis) {
    }

    /** Waits, a while, for a count to come down to {@code most}: a faulty connection is closed, a thread ends. */
    private static void awaitNoMoreThan(int most, IntSupplier count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (count.getAsInt() > most && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private static URI url(Fault fault) {
        URI ok = Endpoint.OK.url(server.url(), L);
        return fault == null ? ok : URI.create(ok + "&fault=" + fault.parameter());
    }
}
