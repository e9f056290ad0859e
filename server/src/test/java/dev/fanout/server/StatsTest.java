package dev.fanout.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /stats} counts exactly what was sent, and {@code POST /stats/reset} zeroes it. */
class StatsTest {

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
    void countsMatchWhatWasSent() {
        for (int i = 0; i < 3; i++) {
            Http.get(server, "/?delay=0");
        }
        Http.get(server, "/delay/50");
        Http.get(server, "/random?delay=20");
        Http.get(server, "/health");
        Http.get(server, "/?delay=bad");
        Http.get(server, "/missing");
        Http.post(server, "/");

        JsonNode stats = Http.stats(server);
        assertThat(stats.get("requests").asLong()).isEqualTo(9);
        JsonNode responses = stats.get("responses");
        assertThat(responses.get("200").asLong()).isEqualTo(6);
        assertThat(responses.get("400").asLong()).isEqualTo(1);
        assertThat(responses.get("404").asLong()).isEqualTo(1);
        assertThat(responses.get("405").asLong()).isEqualTo(1);
        assertThat(responses.size()).isEqualTo(4);
        assertThat(stats.get("in_flight").asLong()).isZero();
        assertThat(stats.get("max_in_flight").asLong()).isEqualTo(1);
        assertThat(stats.get("uptime_ms").asLong()).isPositive();

        JsonNode lateness = stats.get("lateness_ms");
        assertThat(lateness.get("count").asLong()).as("only the two delayed responses used a timer").isEqualTo(2);
        for (String field : new String[] {"mean", "p50", "p90", "p99", "p999", "max"}) {
            assertThat(lateness.get(field).isNumber()).isTrue();
            assertThat(lateness.get(field).asDouble()).as(field).isGreaterThanOrEqualTo(0.0).isLessThan(1_000.0);
        }
        assertThat(lateness.get("max").asDouble()).isGreaterThanOrEqualTo(lateness.get("p50").asDouble());
    }

    @Test
    void statsRequestsAreNotCounted() {
        Http.stats(server);
        Http.stats(server);
        assertThat(Http.stats(server).get("requests").asLong()).isZero();
    }

    @Test
    void resetZeroesEverything() {
        Http.get(server, "/delay/10");
        Http.get(server, "/nope");

        Http.Timed reset = Http.post(server, "/stats/reset");
        assertThat(reset.status()).isEqualTo(200);
        assertThat(reset.header("Content-Type")).isEqualTo("application/json");
        assertThat(reset.response().body()).isEqualTo("{\"status\":\"reset\"}");

        JsonNode stats = Http.stats(server);
        assertThat(stats.get("requests").asLong()).isZero();
        assertThat(stats.get("responses").size()).isZero();
        assertThat(stats.get("in_flight").asLong()).isZero();
        assertThat(stats.get("max_in_flight").asLong()).isZero();
        assertThat(stats.get("lateness_ms").get("count").asLong()).isZero();
        assertThat(stats.get("lateness_ms").get("max").asDouble()).isZero();

        Http.get(server, "/delay/10");
        JsonNode after = Http.stats(server);
        assertThat(after.get("requests").asLong()).isEqualTo(1);
        assertThat(after.get("lateness_ms").get("count").asLong()).isEqualTo(1);
    }
}
