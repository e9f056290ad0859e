package dev.fanout.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code --slow-by}: every delayed request answered that much later than it asks, a request of no delay at once. */
class SlowByTest {
    private static StubServer server;

    @BeforeAll
    static void start() {
        server = StubServer.start(StubServerConfig.defaults().withPort(0).withSlowByPercent(50));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aDelayOfTheQueryIsServedLater() {
        Http.Timed r = Http.get(server, "/?delay=200");
        assertThat(r.response().statusCode()).isEqualTo(200);
        assertThat(r.millis()).as("200 ms slowed by 50%").isGreaterThanOrEqualTo(300);
    }

    @Test
    void aDelayOfThePathIsServedLaterAndStillNamedAsAsked() {
        Http.Timed r = Http.get(server, "/delay/200");
        assertThat(r.json().get("delay_ms").asLong()).isEqualTo(200);
        assertThat(r.millis()).as("200 ms slowed by 50%").isGreaterThanOrEqualTo(300);
    }

    @Test
    void theServedDelayIsTheAskedOneScaledAndRounded() {
        StubServerConfig slowed = StubServerConfig.defaults().withSlowByPercent(15);
        assertThat(slowed.servedDelayMs(20)).isEqualTo(23);
        assertThat(slowed.servedDelayMs(0)).isZero();
        assertThat(StubServerConfig.defaults().servedDelayMs(20)).isEqualTo(20);
    }
}
