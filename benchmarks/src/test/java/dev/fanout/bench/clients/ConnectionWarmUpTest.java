package dev.fanout.bench.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/**
 * {@link HttpClient#warm}'s second chance, on a client whose chosen requests fail: the real clients' warm-ups are in
 * {@link ClientTest}, against the stub server, where no request fails on purpose.
 */
class ConnectionWarmUpTest {
    private static final URI HOLD = URI.create("http://127.0.0.1:1/?delay=200");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void aRequestThatTimesOutOnceIsTriedAgainAndCounted() throws IOException {
        // Calls 2 and 5 fail: the lone first request passes, two of the others need a second try.
        ScriptedClient client = new ScriptedClient(call -> call == 2 || call == 5);

        int retried = client.warm(HOLD, 20, TIMEOUT);

        assertThat(retried).isEqualTo(2);
        assertThat(client.calls.get()).as("1 alone, 20 together, 2 of them again").isEqualTo(23);
    }

    @Test
    void aWarmUpWithNoFailureRetriesNothing() throws IOException {
        ScriptedClient client = new ScriptedClient(call -> false);

        assertThat(client.warm(HOLD, 20, TIMEOUT)).isZero();
        assertThat(client.calls.get()).isEqualTo(21);
    }

    @Test
    void aRequestThatFailsTwiceFailsTheWarmUpNamingBothFailures() {
        ScriptedClient client = new ScriptedClient(call -> call >= 2);

        assertThatThrownBy(() -> client.warm(HOLD, 20, TIMEOUT))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("the connection warm-up failed: java.io.InterruptedIOException: timeout")
                .cause().satisfies(cause -> assertThat(cause.getSuppressed()).singleElement()
                        .satisfies(first -> assertThat(first).hasMessage("timeout")));
    }

    @Test
    void anAnswerOtherThan200IsNotRetriedAndFailsTheWarmUp() {
        ScriptedClient client = new ScriptedClient(call -> false, 503);

        assertThatThrownBy(() -> client.warm(HOLD, 20, TIMEOUT))
                .isInstanceOf(IOException.class).hasMessageStartingWith("HTTP 503 from " + HOLD);
        assertThat(client.calls.get()).isEqualTo(21);
    }

    /** Answers {@code status} to every GET but the calls {@code fails} picks (counted from 1), which time out. */
    private static final class ScriptedClient implements HttpClient {
        private final IntPredicate fails;
        private final int status;
        final AtomicInteger calls = new AtomicInteger();

        ScriptedClient(IntPredicate fails) {
            this(fails, 200);
        }

        ScriptedClient(IntPredicate fails, int status) {
            this.fails = fails;
            this.status = status;
        }

        @Override
        public Reply get(URI url) throws IOException {
            if (fails.test(calls.incrementAndGet())) {
                throw new InterruptedIOException("timeout");
            }
            return new Reply(status, "application/json", "{\"msg\":\"ok\"}");
        }

        @Override
        public Reply post(URI url) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<Reply> getAsync(URI url) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void cancelAll() {
        }

        @Override
        public int openConnections() {
            return 0;
        }

        @Override
        public void close() {
        }
    }
}
