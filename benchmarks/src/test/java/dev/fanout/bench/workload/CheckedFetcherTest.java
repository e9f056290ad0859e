package dev.fanout.bench.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.bench.clients.Client;
import dev.fanout.bench.clients.ClientSettings;
import dev.fanout.bench.clients.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CheckedFetcherTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void correctRepliesAreReturnedAndTimed() throws Exception {
        List<long[]> timed = new ArrayList<>();
        CheckedFetcher fetcher = server.fetcher(Endpoint.OK, 50, (sent, done) -> timed.add(new long[] {sent, done}));

        assertThat(fetcher.fetch()).isEqualTo("ok");
        assertThat(fetcher.fetchAsync().get(5, TimeUnit.SECONDS)).isEqualTo("ok");

        assertThat(timed).hasSize(2).allSatisfy(t ->
                assertThat(TimeUnit.NANOSECONDS.toMillis(t[1] - t[0])).isGreaterThanOrEqualTo(50));
        assertThat(fetcher.failures().count()).isZero();
    }

    @Test
    void randomRepliesAreNumbersBelowOne() {
        String reply = server.fetcher(Endpoint.RANDOM, 0).fetch();
        assertThat(Double.parseDouble(reply)).isBetween(0.0, 1.0).isLessThan(1.0);
    }

    @Test
    void aWrongBodyIsAFailureNotAReply() {
        // /random answers a number where / promises "ok": checked against the wrong promise, it must fail.
        CheckedFetcher fetcher = new CheckedFetcher(List.of(server.client()), Endpoint.RANDOM.url(server.url(), 0),
                Endpoint.OK, RequestObserver.NONE, CpuBurner.none(), 0);

        assertThat(fetcher.fetch()).isNull();
        assertThat(fetcher.failures().count()).isEqualTo(1);
        assertThat(fetcher.failures().first()).startsWith("UnexpectedResponseException: unexpected body from");
    }

    @Test
    void anErrorStatusIsCountedWithItsStory() {
        CheckedFetcher fetcher = server.fetcher(-1);

        assertThat(fetcher.fetch()).isNull();
        assertThat(fetcher.failures().first()).contains("HTTP 400").contains("delay");
    }

    @Test
    void failuresAreCountedAcrossAFetchAndReportedTogether() throws Exception {
        try (FaultyServer faulty = FaultyServer.failing()) {
            CheckedFetcher fetcher = new CheckedFetcher(List.of(server.client()), Endpoint.OK.url(faulty.url(), 0),
                    Endpoint.OK, RequestObserver.NONE, CpuBurner.none(), 0);
            List<CompletableFuture<String>> replies = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                replies.add(fetcher.fetchAsync());
            }
            CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

            assertThat(replies).allSatisfy(r -> assertThat(r.join()).isNull());
            assertThatThrownBy(() -> fetcher.failures().throwIfAnyFailed(1000))
                    .isInstanceOf(FetchFailedException.class)
                    .hasMessageStartingWith("12 of 1000 requests failed; first: UnexpectedResponseException: HTTP 500")
                    .hasMessageContaining("broken on purpose");
        }
    }

    @Test
    void aServerThatHangsFailsTheRequestAtItsTimeout() {
        try (FaultyServer hanging = FaultyServer.hanging();
             HttpClient client = Client.okhttp.create(new ClientSettings(10, Duration.ofMillis(300)))) {
            CheckedFetcher fetcher = new CheckedFetcher(List.of(client), Endpoint.OK.url(hanging.url(), 0), Endpoint.OK,
                    RequestObserver.NONE, CpuBurner.none(), 0);

            assertThat(fetcher.fetch()).isNull();
            assertThat(fetcher.failures().first()).containsIgnoringCase("timeout");
        }
    }

    @Test
    void maxInFlightCountsRequestsThatOverlap() throws Exception {
        CheckedFetcher fetcher = server.fetcher(200);
        List<CompletableFuture<String>> replies = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            replies.add(fetcher.fetchAsync());
        }
        CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertThat(fetcher.maxInFlight()).isEqualTo(4);

        fetcher.resetCounters();
        fetcher.fetch();
        assertThat(fetcher.maxInFlight()).isEqualTo(1);
    }

    @Test
    void requestsAreSpreadOverThePoolsInTurn() {
        try (HttpClient first = Client.okhttp.create(new ClientSettings(10, Duration.ofSeconds(10)));
             HttpClient second = Client.okhttp.create(new ClientSettings(10, Duration.ofSeconds(10)))) {
            CheckedFetcher fetcher = new CheckedFetcher(List.of(first, second), Endpoint.OK.url(server.url(), 0),
                    Endpoint.OK, RequestObserver.NONE, CpuBurner.none(), 0);
            for (int i = 0; i < 4; i++) {
                assertThat(fetcher.fetch()).isEqualTo("ok");
            }
            assertThat(first.openConnections()).isEqualTo(1);
            assertThat(second.openConnections()).isEqualTo(1);
        }
    }

    @Test
    void aReplyThatArrivesAfterTheOpStoppedWaitingIsAFailure() {
        CheckedFetcher fetcher = server.fetcher(0);
        fetcher.cancelAll();
        assertThat(fetcher.fetch()).isNull();
        assertThat(fetcher.failures().first()).startsWith("IOException: cancelled: the op stopped waiting");

        fetcher.resetCounters();
        assertThat(fetcher.fetch()).isEqualTo("ok");
    }
}
