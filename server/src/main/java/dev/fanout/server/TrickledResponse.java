package dev.fanout.server;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSinkChannel;

/**
 * The {@code trickle} {@link Fault}: the correct 200 answer, headers at once with the first
 * {@value #BYTES_PER_PIECE} bytes of the body, then {@value #BYTES_PER_PIECE} bytes every
 * {@value #PAUSE_MS} ms ({@code {"msg":"ok"}}, 12 bytes, takes 500 ms). The pace is fixed so a
 * client test can rely on it: long enough between pieces to trip a short read timeout, short
 * enough for a test. Keep-alive is kept: the answer is complete in the end.
 * <p>
 * Written through Undertow's response channel, each piece flushed; if a piece does not fit (a
 * client that stopped reading), the rest is written when the socket can take it and the pause
 * starts from there. A client that closes mid-trickle makes a write fail and the connection is
 * closed. Everything runs on the exchange's I/O thread.
 */
final class TrickledResponse implements Runnable, ChannelListener<StreamSinkChannel> {

    static final int BYTES_PER_PIECE = 2;
    static final long PAUSE_MS = 100;

    private final HttpServerExchange exchange;
    private final ByteBuffer body;
    private final StreamSinkChannel channel;
    private ByteBuffer piece;

    private TrickledResponse(HttpServerExchange exchange, ByteBuffer body) {
        this.exchange = exchange;
        this.body = body.duplicate();
        exchange.setStatusCode(200);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, this.body.remaining());
        this.channel = exchange.getResponseChannel();
    }

    static void send(HttpServerExchange exchange, ByteBuffer body) {
        new TrickledResponse(exchange, body).run();
    }

    /** The next piece is due. */
    @Override
    public void run() {
        if (!channel.isOpen()) {
            return;
        }
        piece = body.slice(body.position(), Math.min(BYTES_PER_PIECE, body.remaining()));
        body.position(body.position() + piece.remaining());
        writePiece();
    }

    /** The socket can take more of a piece that did not fit. */
    @Override
    public void handleEvent(StreamSinkChannel writable) {
        writable.suspendWrites();
        writePiece();
    }

    private void writePiece() {
        try {
            while (piece.hasRemaining()) {
                if (channel.write(piece) == 0) {
                    awaitWritable();
                    return;
                }
            }
            if (!body.hasRemaining()) {
                channel.shutdownWrites();
            }
            if (!channel.flush()) {
                awaitWritable();
                return;
            }
            if (body.hasRemaining()) {
                exchange.getIoThread().executeAfter(this, PAUSE_MS, TimeUnit.MILLISECONDS);
            }
        } catch (IOException clientGone) {
            IoUtils.safeClose(exchange.getConnection());
        }
    }

    private void awaitWritable() {
        channel.getWriteSetter().set(this);
        channel.resumeWrites();
    }
}
