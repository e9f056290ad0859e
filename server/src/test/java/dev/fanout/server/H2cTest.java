package dev.fanout.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HTTP/2 in cleartext on the server's one port, through the JDK's client, which reaches it by {@code Upgrade: h2c}
 * (prior knowledge, the other way in, is checked through OkHttp and reactor-netty by the benchmarks' ClientTest).
 * Each test starts a server of its own, since each counts connections.
 */
class H2cTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static StubServer start(StubServerConfig config) {
        return StubServer.start(config.withPort(0).withSeed(1L));
    }

    private static HttpClient h2() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).connectTimeout(TIMEOUT).build();
    }

    private static CompletableFuture<HttpResponse<String>> get(HttpClient client, StubServer server, String path) {
        return client.sendAsync(HttpRequest.newBuilder(Http.uri(server, path)).timeout(TIMEOUT).build(),
                BodyHandlers.ofString());
    }

    /** The first request upgrades a connection; the ones after it are streams of that connection. */
    private static HttpResponse<String> upgrade(HttpClient client, StubServer server) {
        return get(client, server, "/?delay=0").join();
    }

    @Test
    void requestsAfterTheUpgradeAreStreamsOfOneConnectionAndStatsCountsThemApart() {
        try (StubServer server = start(StubServerConfig.defaults()); HttpClient client = h2()) {
            assertThat(upgrade(client, server).version()).isEqualTo(HttpClient.Version.HTTP_2);
            List<CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                replies.add(get(client, server, "/?delay=200"));
            }
            replies.forEach(reply -> assertThat(reply.join().body()).isEqualTo("{\"msg\":\"ok\"}"));

            JsonNode stats = Http.json(get(client, server, "/stats").join().body());
            assertThat(stats.path("requests").asLong()).isEqualTo(51);
            assertThat(stats.path("streams").asLong()).as("requests that came as HTTP/2 streams").isEqualTo(51);
            assertThat(stats.path("max_in_flight").asLong()).isEqualTo(50);
            assertThat(stats.path("connections").path("max_open").asLong()).as("connections open at once").isEqualTo(1);
            assertThat(stats.path("connections").path("opened").asLong()).isEqualTo(1);
        }
    }

    @Test
    void aServerWithoutH2cDeclinesTheUpgradeAndAnswersOverHttp1() {
        try (StubServer server = start(StubServerConfig.defaults().withH2c(false)); HttpClient client = h2()) {
            HttpResponse<String> reply = upgrade(client, server);

            assertThat(reply.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
            assertThat(reply.statusCode()).isEqualTo(200);
            assertThat(Http.json(get(client, server, "/stats").join().body()).path("streams").asLong()).isZero();
        }
    }

    /** The server's limit goes out in its SETTINGS: the JDK's client fails a request past it rather than wait. */
    @Test
    void maxStreamsIsSentToTheClientWhichKeepsWithinIt() {
        try (StubServer server = start(StubServerConfig.defaults().withMaxStreams(5)); HttpClient client = h2()) {
            upgrade(client, server);
            List<CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                replies.add(get(client, server, "/?delay=500"));
            }
            long answered = replies.stream().filter(reply -> outcome(reply).equals("200")).count();
            List<String> refused = replies.stream().map(H2cTest::outcome).filter(o -> !o.equals("200")).toList();

            assertThat(answered).isEqualTo(5);
            assertThat(refused).hasSize(3).allSatisfy(o -> assertThat(o).contains("too many concurrent streams"));
        }
    }

    /**
     * A fault that breaks an HTTP/1.1 connection resets only its own stream over HTTP/2, and is counted as that fault:
     * the request fails, the connection and the streams beside it carry on.
     */
    @ParameterizedTest
    @ValueSource(strings = {"reset", "close", "malformed", "truncated"})
    void aConnectionBreakingFaultEndsItsOwnStreamAndNoOther(String fault) {
        try (StubServer server = start(StubServerConfig.defaults()); HttpClient client = h2()) {
            upgrade(client, server);
            CompletableFuture<HttpResponse<String>> beside = get(client, server, "/?delay=300");
            CompletableFuture<HttpResponse<String>> faulty = get(client, server, "/?delay=100&fault=" + fault);

            assertThat(outcome(faulty)).isNotEqualTo("200");
            assertThat(outcome(beside)).isEqualTo("200");
            JsonNode stats = Http.json(get(client, server, "/stats").join().body());
            assertThat(stats.path("responses").path("fault_" + fault).asLong()).isEqualTo(1);
            assertThat(stats.path("in_flight").asLong()).isZero();
            assertThat(stats.path("connections").path("opened").asLong()).isEqualTo(1);
        }
    }

    /** GOAWAY ends the connection and every stream on it; the next request comes on a new connection. */
    @Test
    void goawayEndsEveryStreamOfItsConnection() throws InterruptedException {
        try (StubServer server = start(StubServerConfig.defaults()); HttpClient client = h2()) {
            upgrade(client, server);
            CompletableFuture<HttpResponse<String>> beside = get(client, server, "/?delay=400");
            CompletableFuture<HttpResponse<String>> goaway = get(client, server, "/?delay=100&fault=goaway");

            assertThat(outcome(goaway)).isNotEqualTo("200");
            assertThat(outcome(beside)).as("a stream beside it").isNotEqualTo("200");
            assertThat(upgrade(client, server).statusCode()).isEqualTo(200);
            JsonNode stats = awaitNoneInFlight(client, server);
            assertThat(stats.path("responses").path("fault_goaway").asLong()).isEqualTo(1);
            assertThat(stats.path("responses").path("200").asLong()).as("two upgrades and the stream beside it, at its delay")
                    .isEqualTo(3);
            assertThat(stats.path("connections").path("opened").asLong()).isEqualTo(2);
        }
    }

    /**
     * A client that gives up on a stream resets it. HTTP/1.1's watch for a hang-up (DelayedResponse) has no stream to
     * watch here: the request stays in flight until its delay ends, and Undertow then takes its answer for the reset
     * stream without an error, so it is counted as answered (200), not as a hang-up (499).
     */
    @Test
    void aStreamTheClientResetsEndsAtItsDelay() throws InterruptedException {
        try (StubServer server = start(StubServerConfig.defaults()); HttpClient client = h2()) {
            upgrade(client, server);
            CompletableFuture<HttpResponse<String>> gaveUp = client.sendAsync(HttpRequest.newBuilder(
                    Http.uri(server, "/?delay=600")).timeout(Duration.ofMillis(200)).build(), BodyHandlers.ofString());

            assertThat(outcome(gaveUp)).contains("timed out");
            JsonNode stats = awaitNoneInFlight(client, server);
            assertThat(stats.path("responses").path("200").asLong()).as("the upgrade and the one reset").isEqualTo(2);
        }
    }

    private static JsonNode awaitNoneInFlight(HttpClient client, StubServer server) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        JsonNode stats;
        do {
            Thread.sleep(20);
            stats = Http.json(get(client, server, "/stats").join().body());
        } while (stats.path("in_flight").asLong() != 0 && System.nanoTime() < deadline);
        assertThat(stats.path("in_flight").asLong()).isZero();
        return stats;
    }

    /** "200", or the failure's message: what a fan-out would count. */
    private static String outcome(CompletableFuture<HttpResponse<String>> reply) {
        try {
            return String.valueOf(reply.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).statusCode());
        } catch (Exception e) {
            Throwable cause = e.getCause() instanceof IOException io ? io : e;
            return cause instanceof CompletionException ? cause.getCause().toString() : cause.toString();
        }
    }
}
