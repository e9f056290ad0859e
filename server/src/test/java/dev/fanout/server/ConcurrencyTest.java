package dev.fanout.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Waiting requests hold no thread, and clients that reset their connection cost nothing. */
class ConcurrencyTest {

    private StubServer server;

    @BeforeEach
    void start() {
        server = StubServer.start(StubServerConfig.defaults().withPort(0));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /**
     * 2,000 requests of 200 ms each: served one at a time that is 400 s, and a thread per request
     * would need 2,000 server threads. The default few I/O threads (4 per core) must answer them all
     * in a few seconds, with most of them waiting at the same moment.
     */
    @Test
    void twoThousandConcurrentDelayedRequestsAllSucceedTogether() throws Exception {
        int requests = 2_000;
        ExecutorService callbacks = Executors.newFixedThreadPool(2);
        // HTTP/1.1 has no multiplexing, so the JDK client opens one connection per outstanding request.
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(callbacks)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
        try {
            HttpRequest request = HttpRequest.newBuilder(Http.uri(server, "/delay/200")).timeout(Duration.ofSeconds(60)).build();
            long start = System.nanoTime();
            List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                futures.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;

            for (CompletableFuture<HttpResponse<String>> f : futures) {
                assertThat(f.join().statusCode()).isEqualTo(200);
                assertThat(f.join().body()).isEqualTo("{\"msg\":\"ok\",\"delay_ms\":200}");
            }
            assertThat(elapsedMs).as("2000 x 200 ms served concurrently, not one by one (400 s)").isLessThan(20_000);

            // A client can hold its response before the server has counted it: wait for in_flight,
            // which drops only after the status is counted (ServerStats).
            JsonNode stats = awaitStats(s -> s.get("in_flight").asLong() == 0, "every exchange counted");
            assertThat(stats.get("responses").get("200").asLong()).isEqualTo(requests);
            assertThat(stats.get("max_in_flight").asLong()).as("requests waited at the same time").isGreaterThanOrEqualTo(500);
            assertThat(stats.get("lateness_ms").get("count").asLong()).isEqualTo(requests);
        } finally {
            client.close();
            callbacks.shutdownNow();
        }
    }

    /** The delay is far longer than the test: in-flight can only return to 0 if resets are noticed at once. */
    @Test
    void clientsThatResetMidDelayAreReleasedAtOnce() throws Exception {
        int clients = 50;
        List<Socket> sockets = connectAndSend(clients, "/?delay=30000");
        try {
            awaitStats(s -> s.get("in_flight").asLong() == clients, "all requests waiting");
            for (Socket socket : sockets) {
                socket.setSoLinger(true, 0);
                socket.close();
            }
            JsonNode stats = awaitStats(s -> s.get("in_flight").asLong() == 0, "in_flight back to 0 long before the 30 s delay");
            assertThat(stats.get("responses").get(Integer.toString(DelayedResponse.CLIENT_CLOSED_REQUEST)).asLong()).isEqualTo(clients);
            assertThat(stats.get("responses").has("200")).isFalse();
            assertThat(stats.get("lateness_ms").get("count").asLong()).isZero();
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        assertThat(Http.get(server, "/?delay=0").status()).as("server still serves").isEqualTo(200);
    }

    /**
     * A client that closes its socket sends the same FIN as one that only shuts its write side and
     * still waits for its answer ({@link HalfCloseTest}), so the server holds its request until the
     * answer is due. The answer is then written, and counted as a 200: the server cannot know that
     * the client's kernel discards it.
     */
    @Test
    void clientsThatCloseMidDelayAreReleasedWhenTheirAnswerIsDue() throws Exception {
        int clients = 25;
        int delayMs = 2_000;
        long sent = System.nanoTime();
        List<Socket> sockets = connectAndSend(clients, "/?delay=" + delayMs);
        try {
            awaitStats(s -> s.get("in_flight").asLong() == clients, "all requests waiting");
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        Thread.sleep(500);
        assertThat(Http.stats(server).get("in_flight").asLong()).as("held until the answers are due").isEqualTo(clients);
        JsonNode stats = awaitStats(s -> s.get("in_flight").asLong() == 0, "every answer due and written");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent)).isGreaterThanOrEqualTo(delayMs);
        assertThat(stats.get("responses").get("200").asLong()).isEqualTo(clients);
        assertThat(stats.get("responses").has(Integer.toString(DelayedResponse.CLIENT_CLOSED_REQUEST))).isFalse();
        assertThat(Http.get(server, "/?delay=0").status()).as("server still serves").isEqualTo(200);
    }

    /**
     * A keep-alive connection serves delayed requests one after another, and pipelined ones in
     * order. /stats is asked on the same connection, so it is read only after the last exchange was
     * counted (on another connection it could overtake that count).
     */
    @Test
    void delayedRequestsShareAKeepAliveConnection() {
        try (RawConnection connection = new RawConnection(server)) {
            assertThat(connection.get("/delay/50").body()).contains("\"delay_ms\":50");
            assertThat(connection.get("/delay/60").body()).contains("\"delay_ms\":60");
            // Pipelined: the second request arrives while the first waits, and must not be lost.
            connection.sendRaw(request("/delay/100") + request("/delay/20"));
            assertThat(connection.readResponse().body()).contains("\"delay_ms\":100");
            assertThat(connection.readResponse().body()).contains("\"delay_ms\":20");

            JsonNode stats = connection.get("/stats").json();
            assertThat(stats.get("responses").get("200").asLong()).isEqualTo(4);
            assertThat(stats.get("in_flight").asLong()).isZero();
        }
    }

    /** One connection per request, each with {@code path} sent on it. */
    private List<Socket> connectAndSend(int connections, String path) throws IOException {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Socket socket = new Socket(server.address().getAddress(), server.address().getPort());
            sockets.add(socket);
            sendRequest(socket, path);
        }
        return sockets;
    }

    private static void sendRequest(Socket socket, String path) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request(path).getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String request(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
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
