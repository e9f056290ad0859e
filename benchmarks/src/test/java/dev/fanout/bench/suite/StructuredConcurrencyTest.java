package dev.fanout.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.bench.clients.Client;
import dev.fanout.bench.clients.ClientSettings;
import dev.fanout.bench.clients.HttpClient;
import dev.fanout.bench.workload.CheckedFetcher;
import dev.fanout.bench.workload.CpuBurner;
import dev.fanout.bench.workload.Endpoint;
import dev.fanout.bench.workload.FanOut;
import dev.fanout.bench.workload.Outcome;
import dev.fanout.bench.workload.RequestObserver;
import dev.fanout.bench.workload.StatsReader;
import dev.fanout.bench.workload.TestServer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What structured concurrency does when a request fails or its deadline passes, measured beside virtual threads,
 * which run every request to its end: a fan-out of {@value #N} requests whose one request fails after {@value #FAIL_MS}
 * ms while the others wait {@value #SLOW_MS} ms. Each test prints its figures (the README quotes them).
 */
class StructuredConcurrencyTest {
    private static final int N = 20;
    private static final long SLOW_MS = 1_000;
    private static final long FAIL_MS = 50;
    private static final long DEADLINE_MS = 100;

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
     * One failed request ends the structured fan-out: the others are cancelled and the op ends soon after the failure;
     * virtual threads wait for the slowest. Every request reached the server either way: they were all sent at once.
     */
    @ParameterizedTest
    @EnumSource(value = Client.class, names = {"okhttp", "jdk", "reactor_netty"})
    void aFailedRequestCancelsTheRestUnderStructuredConcurrencyButNotUnderVirtualThreads(Client kind) throws Exception {
        assumeTrue(Workload.structured.unsupportedBecause(kind, 1) == null, "structured needs JDK 25");
        List<URI> urls = new ArrayList<>();
        urls.add(URI.create(Endpoint.OK.url(server.url(), FAIL_MS) + "&fault=500"));
        for (int i = 1; i < N; i++) {
            urls.add(Endpoint.OK.url(server.url(), SLOW_MS));
        }
        Ran structured = run(Workload.structured, kind, urls, 0);
        Ran virtual = run(Workload.virtual_threads, kind, urls, 0);

        assertThat(structured.fetcher().failures().count()).as("only the faulty request failed").isEqualTo(1);
        assertThat(structured.outcome().lost()).as("the others cancelled").isEqualTo(N - 1);
        assertThat(structured.outcome().observed().get("ended_by")).asString().startsWith("a failed request");
        assertThat(structured.millis()).as("ended by the failure, not the slowest").isLessThan(SLOW_MS / 2);
        assertThat(structured.serverRequests()).as("every request had reached the server").isEqualTo(N);
        assertThat(virtual.fetcher().failures().count()).isEqualTo(1);
        assertThat(virtual.outcome().lost()).isZero();
        assertThat(virtual.millis()).as("virtual threads wait for every request").isGreaterThanOrEqualTo(SLOW_MS);
        System.out.printf(Locale.ROOT, "%s: one request failing at %d ms of %d: structured ended at %.0f ms (joined"
                        + " %.0f ms), %d cancelled, %d reached the server; virtual threads ended at %.0f ms%n", kind,
                FAIL_MS, N, structured.millis(), structured.outcome().number("joined_ms"), structured.outcome().lost(),
                structured.serverRequests(), virtual.millis());
    }

    /**
     * A deadline shorter than L cancels every request; the op ends within the deadline and the time cancelling
     * takes, and once the requests' delay has passed the server holds none (a cancelled request whose client closed
     * its connection is answered when due, and dropped by the client's kernel).
     */
    @ParameterizedTest
    @EnumSource(value = Client.class, names = {"okhttp", "jdk", "reactor_netty"})
    void aDeadlineShorterThanTheWaitCancelsEveryRequestAndLeavesNoneInFlight(Client kind) throws Exception {
        assumeTrue(Workload.structured.unsupportedBecause(kind, 1) == null, "structured needs JDK 25");
        List<URI> urls = List.of(Endpoint.OK.url(server.url(), SLOW_MS));

        Ran ran = run(Workload.structured, kind, urls, DEADLINE_MS);

        assertThat(ran.outcome().lost()).as("every request cancelled").isEqualTo(N);
        assertThat(ran.fetcher().failures().count()).as("a cancelled request is no failure").isZero();
        assertThat(ran.outcome().observed().get("ended_by")).asString().contains("deadline");
        assertThat(ran.millis()).as("the deadline, and cancelling").isGreaterThanOrEqualTo(DEADLINE_MS)
                .isLessThan(SLOW_MS);
        long inFlight = awaitInFlightZero(SLOW_MS + 5_000);
        assertThat(inFlight).as("in flight at the server once the delay passed").isZero();
        System.out.printf(Locale.ROOT, "%s: deadline %d ms before a %d ms wait: the op ended at %.0f ms (joined %.0f ms)"
                + ", %d of %d cancelled%n", kind, DEADLINE_MS, SLOW_MS, ran.millis(), ran.outcome().number("joined_ms"),
                ran.outcome().lost(), N);
    }

    private record Ran(Outcome outcome, CheckedFetcher fetcher, double millis, long serverRequests) {
    }

    private static Ran run(Workload workload, Client kind, List<URI> urls, long deadlineMs) throws Exception {
        Setting setting = Setting.of(Params.WORKLOAD, workload, Params.CLIENT, kind, Params.N, N, Params.LATENCY_MS,
                SLOW_MS, Params.DEADLINE_MS, deadlineMs);
        StatsReader stats = server.stats();
        awaitInFlightZero(SLOW_MS + 5_000);
        stats.reset();
        try (HttpClient client = kind.create(new ClientSettings(N, Duration.ofSeconds(10)));
             FanOut fanOut = setting.create(2, RequestObserver.NONE)) {
            CheckedFetcher fetcher = new CheckedFetcher(List.of(client), urls, Endpoint.OK, RequestObserver.NONE,
                    CpuBurner.none(), 0);
            fetcher.resetCounters();
            long start = System.nanoTime();
            Outcome outcome = fanOut.run(fetcher);
            double millis = (System.nanoTime() - start) / 1e6;
            JsonNode after = stats.read().orElseThrow();
            return new Ran(outcome, fetcher, millis, after.path("requests").asLong());
        }
    }

    /** Waits until the server holds no request, up to {@code ms}; the count at the end. */
    private static long awaitInFlightZero(long ms) throws InterruptedException {
        StatsReader stats = server.stats();
        long deadline = System.nanoTime() + ms * 1_000_000;
        long inFlight = stats.read().orElseThrow().path("in_flight").asLong();
        while (inFlight > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
            inFlight = stats.read().orElseThrow().path("in_flight").asLong();
        }
        return inFlight;
    }
}
