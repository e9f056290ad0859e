package dev.fanout.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
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

    /**
     * All on one connection: the server reads a connection's next request only after the previous
     * exchange completed and was counted, so the requests are strictly sequential (max_in_flight 1)
     * and the final /stats sees them all. Over separate connections a /stats could overtake the
     * counting of a response the client already has.
     */
    @Test
    void countsMatchWhatWasSent() {
        JsonNode stats;
        try (RawConnection connection = new RawConnection(server)) {
            for (int i = 0; i < 3; i++) {
                connection.get("/?delay=0");
            }
            connection.get("/delay/50");
            connection.get("/random?delay=20");
            connection.get("/health");
            connection.get("/?delay=bad");
            connection.get("/missing");
            connection.exchange("POST", "/");
            stats = connection.get("/stats").json();
        }

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

    /**
     * cpu_ms is the process CPU time since start or reset. The server runs in this JVM, so the test
     * reads the same clock around each /stats: what /stats reports between two reads can be no more
     * than the process used between them (physical bounds, whatever the machine's load). The clock
     * moves in ticks (10 ms on Linux), so the test burns requests until its own reading has moved on
     * from one taken after the first /stats: the second /stats, read later, must show more.
     */
    @Test
    void cpuMsIsTheProcessCpuTimeSinceStartOrReset() {
        try (RawConnection connection = new RawConnection(server)) {
            long beforeFirst = processCpuNanos();
            double first = connection.get("/stats").json().get("cpu_ms").asDouble();
            assertThat(first).isGreaterThanOrEqualTo(0.0);

            long afterFirst = processCpuNanos();
            for (int i = 0; i < 1_000_000 && processCpuNanos() == afterFirst; i++) {
                connection.get("/?delay=0");
            }
            assertThat(processCpuNanos()).as("the process clock moved").isGreaterThan(afterFirst);
            double afterBurn = connection.get("/stats").json().get("cpu_ms").asDouble();
            long afterSecond = processCpuNanos();
            assertThat(afterBurn).as("grows with work").isGreaterThan(first);
            assertThat(afterBurn - first).as("no more than the process used meanwhile").isLessThanOrEqualTo(ms(afterSecond - beforeFirst) + 0.002);

            long beforeReset = processCpuNanos();
            connection.exchange("POST", "/stats/reset");
            double sinceReset = connection.get("/stats").json().get("cpu_ms").asDouble();
            long afterReset = processCpuNanos();
            assertThat(sinceReset).as("counted from the reset").isGreaterThanOrEqualTo(0.0).isLessThanOrEqualTo(ms(afterReset - beforeReset) + 0.001);
        }
    }

    private static long processCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    @Test
    void statsRequestsAreNotCounted() {
        Http.stats(server);
        Http.stats(server);
        assertThat(Http.stats(server).get("requests").asLong()).isZero();
    }

    /** On one connection, for the reason given at {@link #countsMatchWhatWasSent()}: a reset must not overtake a count. */
    @Test
    void resetZeroesEverything() {
        try (RawConnection connection = new RawConnection(server)) {
            connection.get("/delay/10");
            connection.get("/nope");

            RawConnection.Response reset = connection.exchange("POST", "/stats/reset");
            assertThat(reset.status()).isEqualTo(200);
            assertThat(reset.headers().get("content-type")).isEqualTo("application/json");
            assertThat(reset.body()).isEqualTo("{\"status\":\"reset\"}");

            JsonNode stats = connection.get("/stats").json();
            assertThat(stats.get("requests").asLong()).isZero();
            assertThat(stats.get("responses").size()).isZero();
            assertThat(stats.get("in_flight").asLong()).isZero();
            assertThat(stats.get("max_in_flight").asLong()).isZero();
            assertThat(stats.get("lateness_ms").get("count").asLong()).isZero();
            assertThat(stats.get("lateness_ms").get("max").asDouble()).isZero();

            connection.get("/delay/10");
            JsonNode after = connection.get("/stats").json();
            assertThat(after.get("requests").asLong()).isEqualTo(1);
            assertThat(after.get("lateness_ms").get("count").asLong()).isEqualTo(1);
        }
    }
}
