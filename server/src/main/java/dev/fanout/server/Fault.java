package dev.fanout.server;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpServerConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.xnio.IoUtils;
import org.xnio.Options;
import org.xnio.conduits.StreamSinkConduit;

/**
 * A fault injected in place of the answer, chosen with {@code ?fault=} on {@code GET /},
 * {@code GET /random} and {@code GET /delay/{ms}}, so clients can be tested against real faults.
 * It is applied when the request's delay expires (at once for a zero delay), on the I/O thread:
 * <ul>
 *   <li>{@code reset}: the status line and part of the headers, then a TCP reset (SO_LINGER 0)
 *       {@value #RESET_AFTER_MS} ms later, so the partial headers reach the client first.</li>
 *   <li>{@code close}: the connection is closed without a byte of answer.</li>
 *   <li>{@code 500}, {@code 503}: that status with a JSON error body; the connection stays open.</li>
 *   <li>{@code malformed}: a line that is not an HTTP status line, then the connection is closed.</li>
 *   <li>{@code truncated}: a 200 whose {@code Content-Length} is the whole body but only the first
 *       half of the body, then the connection is closed.</li>
 *   <li>{@code trickle}: the right answer, but its body {@value TrickledResponse#BYTES_PER_PIECE}
 *       bytes at a time, {@value TrickledResponse#PAUSE_MS} ms apart (see {@link TrickledResponse}).</li>
 *   <li>{@code goaway}: over HTTP/2, GOAWAY, then the connection is closed (see below).</li>
 *   <li>{@code hang}: no answer ever; the connection stays open until the client closes it.</li>
 * </ul>
 * Raw bytes ({@code reset}, {@code malformed}, {@code truncated}) are written straight to the
 * socket, bypassing Undertow's response, once: a few dozen bytes fit any socket buffer, and if they
 * do not (a client that stopped reading), the connection is closed with what fitted, which is a
 * fault too.
 * <p>
 * Over HTTP/2 a connection carries every request of a fan-out, each on a stream of its own ({@link Http2Faults}):
 * {@code reset}, {@code close}, {@code malformed} and {@code truncated}, which break one HTTP/1.1 connection, reset the
 * request's stream ({@code RST_STREAM}) and leave the others be; {@code goaway} sends GOAWAY and closes the connection,
 * ending every stream on it. Over HTTP/1.1, {@code goaway} closes the request's connection, as {@code close} does.
 */
enum Fault {
    RESET("reset", true) {
        @Override
        void inject(HttpServerExchange exchange, ByteBuffer body) {
            HttpServerConnection connection = (HttpServerConnection) exchange.getConnection();
            writeRaw(connection, "HTTP/1.1 200 OK\r\nContent-Type: appl");
            exchange.getIoThread().executeAfter(() -> {
                try {
                    connection.getChannel().setOption(Options.CLOSE_ABORT, true);
                } catch (IOException alreadyGone) {
                    // Closed meanwhile: nothing left to reset.
                }
                IoUtils.safeClose(connection);
            }, RESET_AFTER_MS, TimeUnit.MILLISECONDS);
        }
    },
    CLOSE("close", true) {
        @Override
        void inject(HttpServerExchange exchange, ByteBuffer body) {
            IoUtils.safeClose(exchange.getConnection());
        }
    },
    STATUS_500("500") {
        @Override
        void inject(HttpServerExchange exchange, ByteBuffer body) {
            JsonResponses.sendError(exchange, 500, "injected fault: fault=500");
        }
    },
    STATUS_503("503") {
        @Override
        void inject(HttpServerExchange exchange, ByteBuffer body) {
            JsonResponses.sendError(exchange, 503, "injected fault: fault=503");
        }
    },
    MALFORMED("malformed", true) {
        @Override
        void inject(HttpServerExchange exchange, ByteBuffer body) {
            writeRaw((HttpServerConnection) exchange.getConnection(), "GARBAGE injected fault=malformed, not an HTTP status line\r\n\r\n");
            IoUtils.safeClose(exchange.getConnection());
        }
    },
    TRUNCATED("truncated", true) {
        @Override
        void inject(HttpServerExchange exchange, ByteBuffer body) {
            byte[] bytes = new byte[body.remaining()];
            body.duplicate().get(bytes);
            String json = new String(bytes, StandardCharsets.US_ASCII);
            writeRaw((HttpServerConnection) exchange.getConnection(), "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                    + "\r\n\r\n" + json.substring(0, bytes.length / 2));
            IoUtils.safeClose(exchange.getConnection());
        }
    },
    TRICKLE("trickle") {
        @Override
        void inject(HttpServerExchange exchange, ByteBuffer body) {
            TrickledResponse.send(exchange, body);
        }
    },
    GOAWAY("goaway") {
        @Override
        void inject(HttpServerExchange exchange, ByteBuffer body) {
            if (Http2Faults.isHttp2(exchange)) {
                Http2Faults.goAway(exchange);
            } else {
                IoUtils.safeClose(exchange.getConnection());
            }
        }
    },
    HANG("hang") {
        @Override
        void inject(HttpServerExchange exchange, ByteBuffer body) {
            // Nothing, ever: DelayedResponse keeps watching the connection and ends the exchange when the client closes it.
        }
    };

    static final String QUERY_PARAMETER = "fault";

    /** How long {@code reset} waits between the partial headers and the reset. */
    static final long RESET_AFTER_MS = 10;

    private static final String NAMES = Arrays.stream(values()).map(Fault::queryName).collect(Collectors.joining(", "));

    private final String queryName;
    /** Whether this fault breaks the request's HTTP/1.1 connection: over HTTP/2 it resets the request's stream. */
    private final boolean breaksItsConnection;

    Fault(String queryName) {
        this(queryName, false);
    }

    Fault(String queryName, boolean breaksItsConnection) {
        this.queryName = queryName;
        this.breaksItsConnection = breaksItsConnection;
    }

    /**
     * Answers {@code exchange}, whose answer would have been 200 with {@code body}, with this fault instead; over
     * HTTP/2 a fault that breaks an HTTP/1.1 connection resets the request's stream and no other.
     */
    void injectInto(HttpServerExchange exchange, ByteBuffer body) {
        if (breaksItsConnection && Http2Faults.isHttp2(exchange)) {
            Http2Faults.resetStream(exchange);
        } else {
            inject(exchange, body);
        }
    }

    /** The fault itself: over HTTP/1.1, and over HTTP/2 for the faults that do not break a connection. */
    abstract void inject(HttpServerExchange exchange, ByteBuffer body);

    String queryName() {
        return queryName;
    }

    /**
     * {@code 500} and {@code 503} are real responses, counted in {@code /stats} by their status like
     * any other; the rest are counted under {@link #statsKey()}: they have no status of their own,
     * or (trickle) would pass for a plain 200.
     */
    boolean countedByStatus() {
        return this == STATUS_500 || this == STATUS_503;
    }

    /** {@code fault_<name>}, the {@code /stats} {@code responses} key of a fault not {@link #countedByStatus()}. */
    String statsKey() {
        return "fault_" + queryName;
    }

    /**
     * @return the fault asked for with {@code ?fault=}, or {@code null} for none
     * @throws BadRequestException for an unknown fault or one given twice, listing the faults
     */
    static Fault fromQuery(Map<String, Deque<String>> query) {
        Deque<String> values = query.get(QUERY_PARAMETER);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new BadRequestException("fault was given " + values.size() + " times; give it once");
        }
        for (Fault fault : values()) {
            if (fault.queryName.equals(values.getFirst())) {
                return fault;
            }
        }
        String given = values.getFirst();
        throw new BadRequestException("fault must be one of " + NAMES + "; got \"" + (given.length() > 40 ? given.substring(0, 40) + "..." : given) + "\"");
    }

    private static void writeRaw(HttpServerConnection connection, String text) {
        StreamSinkConduit socket = connection.getOriginalSinkConduit();
        try {
            socket.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
            socket.flush();
        } catch (IOException clientGone) {
            // The connection is closed next anyway.
        }
    }
}
