package dev.fanout.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Clients that try to hold the server's connections without using them. */
class HostileClientsTest {

    private static final int HEADER_TIMEOUT_MS = 300;

    private StubServer server;

    @BeforeEach
    void start() {
        server = StubServer.start(StubServerConfig.defaults().withPort(0).withHeaderTimeoutMs(HEADER_TIMEOUT_MS));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /**
     * Slowloris: a request line and then one header byte every 50 ms, forever. The server must close
     * the connection once the header timeout has passed since the first partial read: not before,
     * and well within the 20 s this client is prepared to go on (without the timeout the
     * connection would stay open for the 5-minute idle timeout).
     */
    @Test
    void aClientTricklingItsHeadersIsClosedAfterTheHeaderTimeout() throws IOException, InterruptedException {
        try (Socket socket = new Socket(server.address().getAddress(), server.address().getPort())) {
            socket.setSoTimeout(50);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write("GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            long firstBytes = System.nanoTime();
            long giveUp = firstBytes + TimeUnit.SECONDS.toNanos(20);
            boolean closedByServer = false;
            while (!closedByServer && System.nanoTime() < giveUp) {
                try {
                    out.write('a');
                    closedByServer = in.read() < 0;
                } catch (SocketTimeoutException stillOpen) {
                    // Nothing to read yet: the server is still waiting for the rest of the headers.
                } catch (SocketException closed) {
                    closedByServer = true;
                }
            }
            long openMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - firstBytes);
            assertThat(closedByServer).as("closed by the server within 20 s").isTrue();
            assertThat(openMs).as("not before the header timeout").isGreaterThanOrEqualTo(HEADER_TIMEOUT_MS);
        }
        assertThat(Http.get(server, "/health").status()).isEqualTo(200);
    }

    /** The header timeout is for partial headers only: connections idle before or between requests stay open. */
    @Test
    void idleConnectionsOutliveTheHeaderTimeout() throws InterruptedException {
        try (RawConnection fresh = new RawConnection(server); RawConnection used = new RawConnection(server)) {
            assertThat(used.get("/?delay=0").status()).isEqualTo(200);
            Thread.sleep(4 * HEADER_TIMEOUT_MS);
            assertThat(fresh.get("/?delay=0").status()).as("idle before its first request").isEqualTo(200);
            assertThat(used.get("/?delay=0").status()).as("idle between requests").isEqualTo(200);
        }
    }
}
