package dev.fanout.bench.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.bench.clients.Reply;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PlainHttpTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void asksTheStubServerItsStatsAndResetsThem() throws IOException {
        try (TestServer server = new TestServer()) {
            Reply ok = PlainHttp.exchange("GET", Endpoint.OK.url(server.url(), 0), TIMEOUT);
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.contentType()).startsWith("application/json");
            assertThat(ok.body()).isEqualTo("{\"msg\":\"ok\"}");

            Reply stats = PlainHttp.exchange("GET", server.url().resolve("/stats"), TIMEOUT);
            assertThat(stats.status()).isEqualTo(200);
            assertThat(stats.body()).contains("\"lateness_ms\"").containsPattern("\"requests\":[1-9]");

            assertThat(PlainHttp.exchange("POST", server.url().resolve("/stats/reset"), TIMEOUT).status()).isEqualTo(200);
            assertThat(server.stats().read()).as("the fan-out's requests counted since the reset")
                    .hasValueSatisfying(json -> assertThat(json.path("requests").asLong()).isZero());
        }
    }

    @Test
    void aServerThatDoesNotAnswerInTimeIsAnIOException() {
        try (FaultyServer hanging = FaultyServer.hanging()) {
            assertThatThrownBy(() -> PlainHttp.exchange("GET", Endpoint.OK.url(hanging.url(), 0), Duration.ofMillis(300)))
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void aRequestNamesItsTargetAndHostAndAsksToCloseUnlessKeptAlive() {
        URI url = URI.create("http://127.0.0.1:8123/stats?x=1");
        assertThat(new String(PlainHttp.request("GET", url, true), StandardCharsets.US_ASCII))
                .isEqualTo("GET /stats?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8123\r\n\r\n");
        assertThat(new String(PlainHttp.request("POST", URI.create("http://localhost/stats/reset"), false),
                StandardCharsets.US_ASCII))
                .isEqualTo("POST /stats/reset HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    }

    @Test
    void readsTheBodyByItsLengthAndLeavesWhatFollows() throws IOException {
        InputStream in = answer("HTTP/1.1 404 Not Found\r\ncontent-type: text/plain\r\nContent-Length: 4\r\n\r\nnopeHTTP/1.1");
        Reply reply = PlainHttp.read(in);
        assertThat(reply).isEqualTo(new Reply(404, "text/plain", "nope"));
        assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1");
    }

    @Test
    void withoutALengthTheBodyRunsToTheEndOfTheConnection() throws IOException {
        assertThat(PlainHttp.read(answer("HTTP/1.0 200 OK\r\n\r\n{\"a\":1}"))).isEqualTo(new Reply(200, "", "{\"a\":1}"));
    }

    @Test
    void aBrokenOrUnreadableAnswerIsAnIOExceptionThatSaysWhat() {
        assertThatThrownBy(() -> PlainHttp.read(answer("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort")))
                .isInstanceOf(IOException.class).hasMessageContaining("after 5 of its 10 bytes");
        assertThatThrownBy(() -> PlainHttp.read(answer("HTTP/1.1 200 OK\r\nContent-Le")))
                .isInstanceOf(IOException.class).hasMessageContaining("before the end of the answer's headers");
        assertThatThrownBy(() -> PlainHttp.read(answer("")))
                .isInstanceOf(IOException.class).hasMessageContaining("before the end of the answer's headers");
        assertThatThrownBy(() -> PlainHttp.read(answer("SSH-2.0-OpenSSH\r\n")))
                .isInstanceOf(IOException.class).hasMessageContaining("not an HTTP/1.x answer");
        assertThatThrownBy(() -> PlainHttp.read(answer("HTTP/1.1 2x0 OK\r\n\r\n")))
                .isInstanceOf(IOException.class).hasMessageContaining("not an HTTP/1.x status line");
        assertThatThrownBy(() -> PlainHttp.read(answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")))
                .isInstanceOf(IOException.class).hasMessageContaining("chunked");
    }

    private static InputStream answer(String bytes) {
        return new ByteArrayInputStream(bytes.getBytes(StandardCharsets.US_ASCII));
    }
}
