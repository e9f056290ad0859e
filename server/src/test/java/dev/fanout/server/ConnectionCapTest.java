package dev.fanout.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code --max-connections}: the connection over the cap is told why, counted and logged; a freed place is served again. */
class ConnectionCapTest {

    private static final int CAP = 3;
    private static final Pattern REFUSED = Pattern.compile("^stub-server: refused (\\d+) connection");

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private StubServer server;

    @BeforeEach
    void start() {
        server = StubServer.start(StubServerConfig.defaults().withPort(0).withMaxConnections(CAP), new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theConnectionOverTheCapIsAnswered503AndClosed() throws InterruptedException {
        RawConnection[] served = new RawConnection[CAP];
        try {
            for (int i = 0; i < CAP; i++) {
                served[i] = new RawConnection(server);
                assertThat(served[i].get("/?delay=0").status()).isEqualTo(200);
            }
            try (RawConnection over = new RawConnection(server)) {
                RawConnection.Response refused = over.get("/?delay=0");
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.headers().get("content-type")).isEqualTo("application/json");
                assertThat(refused.headers().get("connection")).isEqualToIgnoringCase("close");
                assertThat(refused.json().get("error").asText()).contains("too many connections", "at most " + CAP, "--max-connections");
                assertThat(over.socket().getInputStream().read()).as("closed after the answer").isEqualTo(-1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            assertThat(served[0].get("/stats").json().get("refused_connections").asLong()).isEqualTo(1);
            assertThat(served[1].get("/?delay=0").status()).as("the served ones are unaffected").isEqualTo(200);
            awaitLoggedRefusals(1);
            assertThat(log.toString(StandardCharsets.UTF_8).lines().toList()).singleElement().asString()
                    .isEqualTo("stub-server: refused 1 connection in the last 1000 ms with 503: 3 already served (--max-connections)");

            served[2].close();
            assertThat(awaitServedOnANewConnection()).as("a freed place is served again").isTrue();
        } finally {
            for (RawConnection connection : served) {
                if (connection != null) {
                    connection.close();
                }
            }
        }
    }

    @Test
    void aBurstOfRefusalsIsLoggedOnceNotOncePerConnection() throws InterruptedException {
        RawConnection[] served = new RawConnection[CAP];
        try {
            for (int i = 0; i < CAP; i++) {
                served[i] = new RawConnection(server);
                served[i].get("/?delay=0");
            }
            long burstStart = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                try (RawConnection over = new RawConnection(server)) {
                    assertThat(over.get("/health").status()).isEqualTo(503);
                }
            }
            long lines = awaitLoggedRefusals(20);
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - burstStart);
            // Each line closes a window of 1000 ms and windows do not overlap: a physical bound, whatever the machine's speed.
            assertThat(lines).as("lines for 20 refusals over %d ms", elapsedMs).isBetween(1L, 1 + elapsedMs / RefusalLog.WINDOW_MS);
            assertThat(served[0].get("/stats").json().get("refused_connections").asLong()).isEqualTo(20);
            served[0].exchange("POST", "/stats/reset");
            assertThat(served[0].get("/stats").json().get("refused_connections").asLong()).as("reset").isZero();
        } finally {
            for (RawConnection connection : served) {
                if (connection != null) {
                    connection.close();
                }
            }
        }
    }

    /** The server learns of a client's close asynchronously: retry until a new connection is served (or 10 s pass). */
    private boolean awaitServedOnANewConnection() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (RawConnection next = new RawConnection(server)) {
                if (next.get("/?delay=0").status() == 200) {
                    return true;
                }
            }
            Thread.sleep(20);
        }
        return false;
    }

    /**
     * Waits (up to 10 s: a line comes when its window closes, a second after the window's first
     * refusal) until the log's lines report {@code refusals} in all; returns how many lines did.
     */
    private long awaitLoggedRefusals(long refusals) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (loggedRefusals() < refusals && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(loggedRefusals()).as("refusals logged: %s", log).isEqualTo(refusals);
        return log.toString(StandardCharsets.UTF_8).lines().filter(line -> REFUSED.matcher(line).find()).count();
    }

    private long loggedRefusals() {
        return log.toString(StandardCharsets.UTF_8).lines().map(REFUSED::matcher).filter(Matcher::find).mapToLong(m -> Long.parseLong(m.group(1))).sum();
    }
}
