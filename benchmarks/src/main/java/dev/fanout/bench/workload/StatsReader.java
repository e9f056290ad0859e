package dev.fanout.bench.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fanout.bench.clients.Reply;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The stub server's own account of a trial, from its {@code /stats}: its timer lateness (proof the server was
 * not what got measured) and the most requests it held at once since {@code POST /stats/reset} (which
 * cross-checks a client-side count, so a lock that let two requests out at once cannot hide behind a
 * counting mistake). Servers without {@code /stats} (the article's FastAPI one) give nothing, and are not
 * asked again once they have said so (a 404, or an answer without the stub's counters). Asked over a connection of
 * its own ({@link PlainHttp}), never through the client under test.
 */
public final class StatsReader implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI stats;
    private final URI reset;
    private final PlainHttp connection;
    private boolean absent;

    /** @param timeout the longest wait to connect, and for each part of an answer */
    public StatsReader(URI server, Duration timeout) {
        this.connection = new PlainHttp(server, timeout);
        this.stats = server.resolve("/stats");
        this.reset = server.resolve("/stats/reset");
    }

    /** The server's counters now, or empty when it has no {@code /stats} or does not answer. */
    public Optional<JsonNode> read() {
        if (absent) {
            return Optional.empty();
        }
        try {
            Reply reply = connection.exchange("GET", stats);
            if (reply.status() != 200) {
                // A server at its connection limit answers 503 and may have /stats still: only a 404 says it has none.
                absent = reply.status() == 404;
                return Optional.empty();
            }
            JsonNode counters = JSON.readTree(reply.body());
            absent = !counters.has("lateness_ms");
            return absent ? Optional.empty() : Optional.of(counters);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Starts a new count; {@code false} when the server has no {@code /stats}. */
    public boolean reset() {
        if (absent || read().isEmpty()) {
            return false;
        }
        try {
            return connection.exchange("POST", reset).status() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        connection.close();
    }
}
