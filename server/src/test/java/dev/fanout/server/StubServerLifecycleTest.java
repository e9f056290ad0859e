package dev.fanout.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The embedded API: binding, addresses, seeds, and a close that leaves nothing behind. */
class StubServerLifecycleTest {

    @Test
    void portZeroBindsAFreePortOnLoopback() {
        try (StubServer server = StubServer.start(StubServerConfig.defaults().withPort(0))) {
            assertThat(server.address().getPort()).isPositive();
            assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
            assertThat(server.baseUri()).hasToString("http://127.0.0.1:" + server.address().getPort());
            assertThat(Http.get(server, "/health").status()).isEqualTo(200);
        }
    }

    /** POST /stats/reset needs no credentials: a bind beyond loopback must not go unsaid. */
    @ParameterizedTest
    @CsvSource({"0.0.0.0, true", "127.0.0.1, false", "localhost, false"})
    void bindingBeyondLoopbackIsWarnedAbout(String host, boolean warned) {
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        try (StubServer server = StubServer.start(StubServerConfig.defaults().withHost(host).withPort(0), new PrintStream(diagnostics, true, StandardCharsets.UTF_8))) {
            assertThat(Http.get(server, "/health").status()).isEqualTo(200);
        }
        String printed = diagnostics.toString(StandardCharsets.UTF_8);
        if (warned) {
            assertThat(printed.lines().toList()).singleElement().asString()
                    .isEqualTo("stub-server: warning: --host 0.0.0.0 is beyond loopback (every interface): anyone who can reach it can use this server,"
                            + " POST /stats/reset included, with no credentials");
        } else {
            assertThat(printed).isEmpty();
        }
    }

    @Test
    void runsAsManyIoThreadsAsConfiguredAndSaysSoInStats() {
        Set<String> before = xnioThreads();
        try (StubServer server = StubServer.start(StubServerConfig.defaults().withPort(0).withIoThreads(3))) {
            assertThat(Http.get(server, "/stats").json().get("io_threads").asInt()).isEqualTo(3);
            assertThat(xnioThreads()).filteredOn(name -> !before.contains(name) && name.contains(" I/O-")).hasSize(3);
        }
    }

    @Test
    void closeIsIdempotentAndStopsEveryXnioThread() throws InterruptedException {
        Set<String> before = xnioThreads();
        StubServer server = StubServer.start(StubServerConfig.defaults().withPort(0).withIoThreads(3));
        Http.get(server, "/delay/10");
        assertThat(xnioThreads()).hasSizeGreaterThan(before.size());

        server.close();
        server.close();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!xnioThreads().equals(before) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(xnioThreads()).isEqualTo(before);
    }

    @Test
    void closeWithRequestsStillWaitingDoesNotHang() throws InterruptedException {
        StubServer server = StubServer.start(StubServerConfig.defaults().withPort(0));
        try (HttpClient client = HttpClient.newHttpClient()) {
            CompletableFuture<HttpResponse<Void>> waiting =
                    client.sendAsync(HttpRequest.newBuilder(Http.uri(server, "/delay/30000")).build(), HttpResponse.BodyHandlers.discarding());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (Http.stats(server).get("in_flight").asLong() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            long start = System.nanoTime();
            server.close();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(10_000);
            assertThat(waiting).failsWithin(Duration.ofSeconds(10));
        }
    }

    @Test
    void aTakenPortFailsToStart() {
        try (StubServer first = StubServer.start(StubServerConfig.defaults().withPort(0))) {
            assertThatThrownBy(() -> StubServer.start(StubServerConfig.defaults().withPort(first.address().getPort())))
                    .isInstanceOf(RuntimeException.class);
        }
    }

    @Test
    void theSameSeedDrawsTheSameValues() {
        StubServerConfig config = StubServerConfig.defaults().withPort(0).withIoThreads(1).withSeed(42L);
        assertThat(randomValues(config)).isEqualTo(randomValues(config));
        assertThat(randomValues(config)).isNotEqualTo(randomValues(config.withSeed(43L)));
    }

    private static String randomValues(StubServerConfig config) {
        try (StubServer server = StubServer.start(config)) {
            StringBuilder values = new StringBuilder();
            for (int i = 0; i < 5; i++) {
                values.append(Http.get(server, "/random?delay=0").json().get("msg").asDouble()).append(' ');
            }
            return values.toString();
        }
    }

    private static Set<String> xnioThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith("XNIO-"))
                .collect(Collectors.toSet());
    }
}
