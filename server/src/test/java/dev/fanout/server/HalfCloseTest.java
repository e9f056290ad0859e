package dev.fanout.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.server.RawConnection.Ending;
import dev.fanout.server.RawConnection.Received;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that shut their write side once their request is sent (as {@code nc} does at the end of
 * its input; HTTP/1.1 allows it): the server still answers every complete request, then closes.
 */
class HalfCloseTest {

    private StubServer server;

    @BeforeEach
    void start() {
        server = StubServer.start(StubServerConfig.defaults().withPort(0));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aHalfClosedDelayedRequestIsAnsweredThenTheConnectionCloses() throws IOException, InterruptedException {
        try (RawConnection connection = new RawConnection(server)) {
            connection.send("GET", "/?delay=50");
            connection.socket().shutdownOutput();
            RawConnection.Response response = connection.readResponse();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"msg\":\"ok\"}");
            assertThat(response.headers().get("connection")).as("no further request can come").isEqualTo("close");
            assertThat(connection.readUntilClosed(5_000)).isEqualTo(new Received("", Ending.CLOSED));
        }
        JsonNode stats = awaitStats(s -> s.get("in_flight").asLong() == 0, "the exchange counted");
        assertThat(stats.get("responses").get("200").asLong()).isEqualTo(1);
        assertThat(stats.get("responses").has(Integer.toString(DelayedResponse.CLIENT_CLOSED_REQUEST))).isFalse();
    }

    /** Both requests were sent before the half-close, so both are answered, in order. */
    @Test
    void pipelinedRequestsSentBeforeAHalfCloseAreAllAnswered() throws IOException {
        try (RawConnection connection = new RawConnection(server)) {
            connection.sendRaw("GET /delay/100 HTTP/1.1\r\nHost: localhost\r\n\r\nGET /delay/20 HTTP/1.1\r\nHost: localhost\r\n\r\n");
            connection.socket().shutdownOutput();
            assertThat(connection.readResponse().body()).isEqualTo("{\"msg\":\"ok\",\"delay_ms\":100}");
            assertThat(connection.readResponse().body()).isEqualTo("{\"msg\":\"ok\",\"delay_ms\":20}");
            assertThat(connection.readUntilClosed(5_000)).isEqualTo(new Received("", Ending.CLOSED));
        }
    }

    /** A fault is injected when its delay expires, half-close or not. */
    @Test
    void aHalfClosedRequestGetsItsFault() throws IOException {
        try (RawConnection connection = new RawConnection(server)) {
            connection.send("GET", "/?delay=50&fault=503");
            connection.socket().shutdownOutput();
            RawConnection.Response response = connection.readResponse();
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.headers().get("connection")).isEqualTo("close");
        }
    }

    /** A hang would never answer, so the end of the client's input ends it at once: waiting on would hold the connection for nothing. */
    @Test
    void aHalfClosedHangEndsAtOnce() throws IOException, InterruptedException {
        try (RawConnection connection = new RawConnection(server)) {
            connection.send("GET", "/?delay=0&fault=hang");
            connection.socket().shutdownOutput();
            assertThat(connection.readUntilClosed(5_000)).isEqualTo(new Received("", Ending.CLOSED));
        }
        JsonNode stats = awaitStats(s -> s.get("in_flight").asLong() == 0, "the hang ended");
        assertThat(stats.get("responses").get("fault_hang").asLong()).isEqualTo(1);
    }

    /**
     * Half-closed, then reset: the server had stopped watching at the end of the input and cannot
     * see the reset, so the request stays in flight until its answer is due; the answer's write then
     * fails, and that is a hang-up (499), not a 200.
     */
    @Test
    void aClientThatResetsAfterHalfClosingIsA499WhenItsAnswerIsDue() throws IOException, InterruptedException {
        int delayMs = 1_000;
        long sent;
        try (RawConnection connection = new RawConnection(server)) {
            sent = System.nanoTime();
            connection.send("GET", "/?delay=" + delayMs);
            connection.socket().shutdownOutput();
            awaitStats(s -> s.get("in_flight").asLong() == 1, "the request waiting");
            // Let the server read the end of the input first: a reset read while it watches is noticed at once.
            Thread.sleep(100);
            connection.socket().setSoLinger(true, 0);
        }
        Thread.sleep(200);
        assertThat(Http.stats(server).get("in_flight").asLong()).as("still waiting for its delay").isEqualTo(1);
        JsonNode stats = awaitStats(s -> s.get("in_flight").asLong() == 0, "the answer due and failed");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent)).isGreaterThanOrEqualTo(delayMs);
        assertThat(stats.get("responses").get(Integer.toString(DelayedResponse.CLIENT_CLOSED_REQUEST)).asLong()).isEqualTo(1);
        assertThat(stats.get("responses").has("200")).isFalse();
    }

    private JsonNode awaitStats(Predicate<JsonNode> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        JsonNode stats = Http.stats(server);
        while (!condition.test(stats) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            stats = Http.stats(server);
        }
        assertThat(condition.test(stats)).as("%s; last /stats: %s", what, stats).isTrue();
        return stats;
    }
}
