package dev.fanout.server;

import io.undertow.protocols.http2.Http2Channel;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http2.Http2ServerConnection;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.xnio.IoUtils;

/**
 * The faults of an exchange that came over HTTP/2, where a connection carries many streams: a fault of one request
 * resets its stream, and {@code goaway} ends the whole connection, every stream on it included.
 * <p>
 * Undertow gives an HTTP/2 exchange a {@link Http2ServerConnection} of its own, whose {@code close()} resets the
 * exchange's stream ({@code RST_STREAM}, CANCEL), and keeps the connection's {@link Http2Channel} to itself: this reads
 * it from the private field that holds it, for {@code goaway} alone, and fails loudly at class loading if a later
 * Undertow renames it.
 */
final class Http2Faults {
    private static final VarHandle CHANNEL = channelField();

    private Http2Faults() {
    }

    static boolean isHttp2(HttpServerExchange exchange) {
        return exchange.getConnection() instanceof Http2ServerConnection;
    }

    /**
     * Resets the exchange's stream and nothing else on its connection, then ends the exchange, which Undertow does not
     * do for a stream it resets itself: its completion is what counts the fault and takes it out of {@code in_flight}.
     */
    static void resetStream(HttpServerExchange exchange) {
        IoUtils.safeClose(exchange.getConnection());
        exchange.endExchange();
    }

    /**
     * Sends GOAWAY (INTERNAL_ERROR) on the exchange's connection and closes it once the frame is out (Undertow's
     * {@code sendGoAway}): every stream still open on it ends unanswered, as when a server or a proxy between goes away.
     */
    static void goAway(HttpServerExchange exchange) {
        Http2Channel channel = (Http2Channel) CHANNEL.get((Http2ServerConnection) exchange.getConnection());
        channel.sendGoAway(Http2Channel.ERROR_INTERNAL_ERROR);
        exchange.endExchange();
    }

    private static VarHandle channelField() {
        try {
            return MethodHandles.privateLookupIn(Http2ServerConnection.class, MethodHandles.lookup())
                    .findVarHandle(Http2ServerConnection.class, "channel", Http2Channel.class);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this Undertow's Http2ServerConnection holds no field 'channel' of an"
                    + " Http2Channel: the goaway fault needs one", e);
        }
    }
}
