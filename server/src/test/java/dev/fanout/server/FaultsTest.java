package dev.fanout.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.server.RawConnection.Ending;
import dev.fanout.server.RawConnection.Received;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code ?fault=}: each fault as a client sees it on the wire, and as {@code /stats} counts it. */
class FaultsTest {

    /** Long enough that a fault which answers has answered; a hang is still silent after it. */
    private static final int QUIET_MS = 500;

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
    void resetSendsPartOfTheHeadersThenAReset() {
        try (RawConnection connection = new RawConnection(server)) {
            connection.send("GET", "/?delay=0&fault=reset");
            Received received = connection.readUntilClosed(QUIET_MS);
            assertThat(received.text()).isEqualTo("HTTP/1.1 200 OK\r\nContent-Type: appl");
            assertThat(received.ending()).isEqualTo(Ending.RESET);
        }
    }

    @Test
    void closeClosesWithoutAByte() {
        try (RawConnection connection = new RawConnection(server)) {
            connection.send("GET", "/?delay=0&fault=close");
            assertThat(connection.readUntilClosed(QUIET_MS)).isEqualTo(new Received("", Ending.CLOSED));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 503})
    void statusFaultsAnswerJsonAndKeepTheConnection(int status) {
        try (RawConnection connection = new RawConnection(server)) {
            RawConnection.Response faulted = connection.get("/random?delay=0&fault=" + status);
            assertThat(faulted.status()).isEqualTo(status);
            assertThat(faulted.headers().get("content-type")).isEqualTo("application/json");
            assertThat(faulted.json().get("error").asText()).isEqualTo("injected fault: fault=" + status);
            assertThat(connection.get("/?delay=0").status()).as("same connection, next request").isEqualTo(200);
        }
    }

    @Test
    void malformedSendsSomethingThatIsNoStatusLineThenCloses() {
        try (RawConnection connection = new RawConnection(server)) {
            connection.send("GET", "/?delay=0&fault=malformed");
            Received received = connection.readUntilClosed(QUIET_MS);
            assertThat(received.text()).isEqualTo("GARBAGE injected fault=malformed, not an HTTP status line\r\n\r\n").doesNotStartWith("HTTP/");
            assertThat(received.ending()).isEqualTo(Ending.CLOSED);
        }
    }

    @Test
    void truncatedPromisesTheWholeBodySendsHalfThenCloses() {
        try (RawConnection connection = new RawConnection(server)) {
            connection.send("GET", "/delay/0?fault=truncated");
            Received received = connection.readUntilClosed(QUIET_MS);
            String body = "{\"msg\":\"ok\",\"delay_ms\":0}";
            assertThat(received.text()).isEqualTo("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                    + "\r\n\r\n" + body.substring(0, body.length() / 2));
            assertThat(received.ending()).isEqualTo(Ending.CLOSED);
        }
    }

    /**
     * The right answer, slowly: {"msg":"ok"} is 12 bytes, 6 pieces of 2, so 5 pauses of 100 ms. XNIO's
     * millisecond timer may fire up to 1 ms early, hence the bound of 5 x 99 ms.
     */
    @Test
    void trickleSendsTheRightAnswerAFewBytesAtATime() {
        try (RawConnection connection = new RawConnection(server)) {
            long start = System.nanoTime();
            RawConnection.Response trickled = connection.get("/?delay=0&fault=trickle");
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(trickled.status()).isEqualTo(200);
            assertThat(trickled.body()).isEqualTo("{\"msg\":\"ok\"}");
            int pauses = trickled.body().length() / TrickledResponse.BYTES_PER_PIECE - 1;
            assertThat(tookMs).isGreaterThanOrEqualTo(pauses * (TrickledResponse.PAUSE_MS - 1));
            assertThat(connection.get("/?delay=0").status()).as("kept alive").isEqualTo(200);
        }
    }

    @Test
    void hangNeverAnswersAndEndsWhenTheClientCloses() throws InterruptedException {
        try (RawConnection connection = new RawConnection(server)) {
            connection.send("GET", "/?delay=0&fault=hang");
            assertThat(connection.readUntilClosed(QUIET_MS)).isEqualTo(new Received("", Ending.STILL_OPEN));
            connection.send("GET", "/health");
            assertThat(connection.readUntilClosed(QUIET_MS)).as("a request behind the hung one is not answered either")
                    .isEqualTo(new Received("", Ending.STILL_OPEN));
            assertThat(Http.stats(server).get("in_flight").asLong()).isEqualTo(1);
        }
        JsonNode stats = awaitStats(s -> s.get("in_flight").asLong() == 0, "the hang ended with the client's close");
        assertThat(stats.get("responses").get("fault_hang").asLong()).isEqualTo(1);
    }

    /** A request pipelined while the hang's delay still runs is dropped too, and the client's close still ends the hang. */
    @Test
    void hangDropsARequestPipelinedDuringItsDelay() throws InterruptedException {
        try (RawConnection connection = new RawConnection(server)) {
            connection.sendRaw("GET /?delay=200&fault=hang HTTP/1.1\r\nHost: localhost\r\n\r\nGET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(connection.readUntilClosed(QUIET_MS)).isEqualTo(new Received("", Ending.STILL_OPEN));
        }
        JsonNode stats = awaitStats(s -> s.get("in_flight").asLong() == 0, "the hang ended with the client's close");
        assertThat(stats.get("responses").get("fault_hang").asLong()).isEqualTo(1);
        assertThat(stats.get("requests").asLong()).as("the pipelined request was never read as one").isEqualTo(1);
    }

    /** Applied when the delay expires, not before: a physical lower bound. */
    @Test
    void theFaultComesWhenTheDelayExpires() {
        try (RawConnection connection = new RawConnection(server)) {
            long start = System.nanoTime();
            connection.send("GET", "/delay/300?fault=close");
            Received received = connection.readUntilClosed(5_000);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(300);
            assertThat(received).isEqualTo(new Received("", Ending.CLOSED));
        }
    }

    @Test
    void anUnknownFaultIs400ListingTheFaults() {
        Http.Timed r = Http.get(server, "/?fault=explode");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").asText())
                .isEqualTo("fault must be one of reset, close, 500, 503, malformed, truncated, trickle, goaway, hang; got \"explode\"");
        assertThat(Http.get(server, "/?fault=close&fault=hang").json().get("error").asText()).isEqualTo("fault was given 2 times; give it once");
    }

    /** Each fault is counted once under its key; a client that resets before its fault is due is a 499 as usual. */
    @Test
    void statsCountEachFaultUnderItsKey() throws IOException, InterruptedException {
        for (String fault : new String[] {"reset", "close", "malformed", "truncated", "hang"}) {
            try (RawConnection connection = new RawConnection(server)) {
                connection.send("GET", "/?delay=0&fault=" + fault);
                connection.readUntilClosed(QUIET_MS);
            }
        }
        try (RawConnection connection = new RawConnection(server)) {
            connection.get("/?delay=0&fault=500");
            connection.get("/?delay=0&fault=503");
            connection.get("/?delay=0&fault=trickle");
            connection.send("GET", "/?delay=30000&fault=close");
            awaitStats(s -> s.get("in_flight").asLong() == 1, "the last request waiting");
            connection.socket().setSoLinger(true, 0);
        }
        JsonNode responses = awaitStats(s -> s.get("in_flight").asLong() == 0, "all ended").get("responses");
        assertThat(Http.JSON.convertValue(responses, Map.class)).isEqualTo(Map.of(
                "499", 1, "500", 1, "503", 1,
                "fault_reset", 1, "fault_close", 1, "fault_malformed", 1, "fault_truncated", 1, "fault_trickle", 1, "fault_hang", 1));
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
