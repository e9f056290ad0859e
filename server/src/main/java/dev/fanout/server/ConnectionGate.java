package dev.fanout.server;

import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.StreamConnection;
import org.xnio.channels.AcceptingChannel;

/**
 * The accept listener: serves at most {@code maxConnections} connections at once and answers any
 * beyond them {@code 503} with a JSON body saying why, then closes them.
 * <p>
 * Why a 503 rather than leaving them in the kernel's backlog: a client that is refused knows it at
 * once and why, where one left waiting cannot tell a full server from a slow one. A refused
 * connection still goes through Undertow (its own {@code refused} listener, whose only handler is
 * {@link #refuse}), so the request is read and the answer is well-formed HTTP with
 * {@code Connection: close}; a refused client that sends nothing is closed after the header timeout.
 * <p>
 * Refusing takes a file descriptor for a moment, so XNIO is told to hold accepts (leaving new
 * connections in the backlog) once {@value #REFUSAL_HEADROOM} refusals are under way on top of
 * the served connections: connections alone can then never take more than
 * {@code maxConnections + }{@value #REFUSAL_HEADROOM} descriptors.
 * <p>
 * Runs on the I/O thread a connection belongs to; a connection is counted from its accept to its
 * close. Every refusal is counted in {@link ServerStats} and reported by {@link RefusalLog}.
 */
final class ConnectionGate implements ChannelListener<AcceptingChannel<StreamConnection>> {

    /** Connections that may be in the middle of being refused, beyond {@code maxConnections}. */
    static final int REFUSAL_HEADROOM = 64;

    private final int maxConnections;
    private final ChannelListener<StreamConnection> served;
    private final ChannelListener<StreamConnection> refused;
    private final ServerStats stats;
    private final RefusalLog log;
    private final ByteBuffer refusal;

    /**
     * @param served  Undertow's listener for connections within the cap
     * @param refused Undertow's listener for the others; its root handler must be {@link #refuse}
     */
    ConnectionGate(int maxConnections, ChannelListener<StreamConnection> served, ChannelListener<StreamConnection> refused, ServerStats stats, RefusalLog log) {
        this.maxConnections = maxConnections;
        this.served = served;
        this.refused = refused;
        this.stats = stats;
        this.log = log;
        this.refusal = JsonResponses.constant("{\"error\":\"too many connections: this server serves at most " + maxConnections
                + " at once (--max-connections); this one is closed, retry when others have closed\"}");
    }

    @Override
    public void handleEvent(AcceptingChannel<StreamConnection> listener) {
        StreamConnection connection;
        try {
            connection = listener.accept();
        } catch (IOException closed) {
            // XNIO's queued accept throws only once the listener is closed: the server is stopping.
            return;
        }
        if (connection == null) {
            return;
        }
        if (!stats.connectionOpened(maxConnections)) {
            stats.connectionRefused();
            log.refused(connection.getIoThread());
            ChannelListeners.invokeChannelListener(connection, refused);
        } else {
            ChannelListeners.invokeChannelListener(connection, served);
            countUntilClosed(connection);
        }
    }

    /** The root handler of the {@code refused} listener. */
    void refuse(HttpServerExchange exchange) {
        exchange.setPersistent(false);
        JsonResponses.send(exchange, 503, refusal);
    }

    private void countUntilClosed(StreamConnection connection) {
        // Undertow took the connection's close listener; chain onto it. Connections close on their
        // own I/O thread, this one, so a connection open here cannot close before the chaining.
        if (!connection.isOpen()) {
            stats.connectionClosed();
            return;
        }
        ChannelListener<? super StreamConnection> undertow = connection.getCloseListener();
        connection.setCloseListener(closed -> {
            stats.connectionClosed();
            ChannelListeners.invokeChannelListener(closed, undertow);
        });
    }
}
