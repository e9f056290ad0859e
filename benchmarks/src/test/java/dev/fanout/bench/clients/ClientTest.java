package dev.fanout.bench.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.bench.workload.TestServer;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What every client promises the harness, checked on each against the real stub server. */
class ClientTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Every client that runs in the JVM: all but Python's aiohttp, which only the asyncio reference row runs. */
    static Stream<Client> javaClients() {
        return Arrays.stream(Client.values()).filter(Client::runsInTheJvm);
    }

    private static HttpClient create(Client client) {
        return client.create(new ClientSettings(50, Duration.ofSeconds(10)));
    }

    @ParameterizedTest
    @MethodSource("javaClients")
    void aBlockingAndANonBlockingGetReadTheWholeReply(Client kind) throws Exception {
        try (HttpClient client = create(kind)) {
            URI url = server.url().resolve("/?delay=0");
            Reply blocking = client.get(url);
            Reply async = client.getAsync(url).get(10, TimeUnit.SECONDS);

            for (Reply reply : new Reply[] {blocking, async}) {
                assertThat(reply.status()).isEqualTo(200);
                assertThat(reply.contentType()).startsWith("application/json");
                assertThat(reply.body()).isEqualTo("{\"msg\":\"ok\"}");
            }
            assertThat(client.get(server.url().resolve("/?delay=-1")).status()).isEqualTo(400);
            assertThat(client.post(server.url().resolve("/stats/reset")).status()).isEqualTo(200);
            assertThat(kind.version()).isNotBlank();
        }
    }

    @ParameterizedTest
    @MethodSource("javaClients")
    void warmingOpensAsManyConnectionsAsOverlappingRequests(Client kind) throws Exception {
        try (HttpClient client = create(kind)) {
            client.warm(server.url().resolve("/?delay=200"), 20, Duration.ofSeconds(10));
            assertThat(client.openConnections()).isEqualTo(20);
        }
    }

    @ParameterizedTest
    @MethodSource("javaClients")
    void cancellingFailsWhatIsOutstanding(Client kind) throws Exception {
        try (HttpClient client = create(kind)) {
            CompletableFuture<Reply> waiting = client.getAsync(server.url().resolve("/?delay=5000"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (client.openConnections() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            client.cancelAll();
            assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(IOException.class);
        }
    }

    @ParameterizedTest
    @MethodSource("javaClients")
    void aRequestLongerThanTheTimeoutFails(Client kind) {
        try (HttpClient client = kind.create(new ClientSettings(5, Duration.ofMillis(300)))) {
            assertThatThrownBy(() -> client.get(server.url().resolve("/?delay=3000"))).isInstanceOf(IOException.class);
        }
    }
}
