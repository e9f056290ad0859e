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
    void asksTheStubServerOnOneKeptConnectionItsStatsAndResetsThem() throws IOException {
        try (TestServer server = new TestServer(); PlainHttp connection = new PlainHttp(server.url(), TIMEOUT)) {
            Reply ok = connection.exchange("GET", Endpoint.OK.url(server.url(), 0));
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.contentType()).startsWith("application/json");
            assertThat(ok.body()).isEqualTo("{\"msg\":\"ok\"}");

            Reply stats = connection.exchange("GET", server.url().resolve("/stats"));
            assertThat(stats.status()).isEqualTo(200);
            assertThat(stats.body()).contains("\"lateness_ms\"").containsPattern("\"requests\":[1-9]")
                    .as("one connection for both questions").contains("\"opened\":1");

            assertThat(connection.exchange("POST", server.url().resolve("/stats/reset")).status()).isEqualTo(200);
            assertThat(server.stats().read()).as("the fan-out's requests counted since the reset")
                    .hasValueSatisfying(json -> assertThat(json.path("requests").asLong()).isZero());
        }
    }

    @Test
    void aConnectionTheServerClosedIsOpenedAgainForTheNextQuestion() throws IOException {
        try (TestServer server = new TestServer(); PlainHttp connection = new PlainHttp(server.url(), TIMEOUT)) {
            URI stats = server.url().resolve("/stats");
            assertThat(connection.exchange("GET", stats).status()).isEqualTo(200);
            connection.close();
            assertThat(connection.exchange("GET", stats).status()).isEqualTo(200);
        }
    }

    @Test
    void aServerThatDoesNotAnswerInTimeIsAnIOException() {
        try (FaultyServer hanging = FaultyServer.hanging();
             PlainHttp connection = new PlainHttp(hanging.url(), Duration.ofMillis(300))) {
            assertThatThrownBy(() -> connection.exchange("GET", Endpoint.OK.url(hanging.url(), 0)))
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void aRequestNamesItsTargetAndHostAndAPostItsEmptyBody() {
        assertThat(new String(PlainHttp.request("GET", URI.create("http://127.0.0.1:8123/stats?x=1")),
                StandardCharsets.US_ASCII))
                .isEqualTo("GET /stats?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8123\r\n\r\n");
        assertThat(new String(PlainHttp.request("POST", URI.create("http://localhost/stats/reset")),
                StandardCharsets.US_ASCII))
                .isEqualTo("POST /stats/reset HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n");
    }

    @Test
    void readsTheBodyByItsLengthAndLeavesTheNextAnswerUnread() throws IOException {
        InputStream in = answer("HTTP/1.1 404 Not Found\r\ncontent-type: text/plain\r\nContent-Length: 4\r\n\r\nnope"
                + "HTTP/1.1 204 No Content\r\n\r\n");
        assertThat(PlainHttp.read(in)).isEqualTo(new Reply(404, "text/plain", "nope"));
        assertThat(PlainHttp.read(in)).as("no body, no length").isEqualTo(new Reply(204, "", ""));
    }

    @Test
    void aBrokenOrUnreadableAnswerIsAnIOExceptionThatSaysWhat() {
        assertThatThrownBy(() -> PlainHttp.read(answer("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort")))
                .isInstanceOf(IOException.class).hasMessageContaining("after 5 of its 10 bytes");
        assertThatThrownBy(() -> PlainHttp.read(answer("HTTP/1.1 200 OK\r\nContent-Le")))
                .isInstanceOf(IOException.class).hasMessageContaining("before the end of the answer's headers");
        assertThatThrownBy(() -> PlainHttp.read(answer("")))
                .isInstanceOf(IOException.class).hasMessageContaining("before the end of the answer's headers");
        for (String statusLine : new String[] {"SSH-2.0-OpenSSH", "HTTP/1.1 2x0 OK", "HTTP/1.1 -12", "HTTP/1.1 2000"}) {
            assertThatThrownBy(() -> PlainHttp.read(answer(statusLine + "\r\n\r\n"))).as(statusLine)
                    .isInstanceOf(IOException.class).hasMessageContaining("not an HTTP/1.x status line");
        }
        for (String length : new String[] {"-5", "x", "99999999999"}) {
            assertThatThrownBy(() -> PlainHttp.read(answer("HTTP/1.1 200 OK\r\nContent-Length: " + length + "\r\n\r\n")))
                    .as(length).isInstanceOf(IOException.class).hasMessageContaining("not a length");
        }
        assertThatThrownBy(() -> PlainHttp.read(answer("HTTP/1.1 200 OK\r\n\r\n{}")))
                .isInstanceOf(IOException.class).hasMessageContaining("without a Content-Length");
        assertThatThrownBy(() -> PlainHttp.read(answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")))
                .isInstanceOf(IOException.class).hasMessageContaining("Transfer-Encoding: chunked");
    }

    private static InputStream answer(String bytes) {
        return new ByteArrayInputStream(bytes.getBytes(StandardCharsets.US_ASCII));
    }
}
