package dev.fanout.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.server.HttpServerExchange;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The counters of {@link ServerStats} as a reader of {@code /stats} sees them while requests come and go. */
class ServerStatsTest {

    /**
     * Tests (and benchmarks) wait for {@code in_flight} to reach a value and then read
     * {@code responses}; that is only sound if no snapshot can catch a request after it left
     * {@code in_flight} but before its status was counted. One thread starts and completes
     * exchanges as fast as it can while this one takes snapshots; every snapshot must satisfy
     * {@code in_flight + sum(responses) >= requests}. This holds by the order of writes and reads,
     * whatever the timing; with the status counted after lowering {@code in_flight} (the order
     * that failed ConcurrencyTest once) nearly every snapshot breaks it.
     */
    @Test
    void noSnapshotShowsARequestNeitherInFlightNorAnswered() throws InterruptedException {
        ServerStats stats = new ServerStats(1);
        AtomicBoolean stop = new AtomicBoolean();
        Thread traffic = new Thread(() -> {
            while (!stop.get()) {
                HttpServerExchange exchange = new HttpServerExchange(null);
                stats.requestStarted(exchange);
                stats.exchangeEvent(exchange, () -> { });
            }
        }, "traffic");
        traffic.start();
        try {
            int snapshots = 0;
            long lastRequests = 0;
            while (snapshots < 2_000 || lastRequests < 100_000) {
                Map<String, Object> snapshot = stats.snapshot();
                long requests = (Long) snapshot.get("requests");
                long inFlight = (Long) snapshot.get("in_flight");
                @SuppressWarnings("unchecked")
                long answered = ((Map<String, Long>) snapshot.get("responses")).values().stream().mapToLong(Long::longValue).sum();
                assertThat(inFlight + answered).as("in_flight + responses in snapshot %d: %s", snapshots, snapshot).isGreaterThanOrEqualTo(requests);
                lastRequests = requests;
                snapshots++;
            }
        } finally {
            stop.set(true);
            traffic.join();
        }
        Map<String, Object> quiet = stats.snapshot();
        assertThat(quiet.get("in_flight")).isEqualTo(0L);
        assertThat(quiet.get("responses")).isEqualTo(Map.of("200", quiet.get("requests")));
    }
}
