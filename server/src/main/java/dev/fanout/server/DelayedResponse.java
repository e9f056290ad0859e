package dev.fanout.server;

import io.undertow.connector.PooledByteBuffer;
import io.undertow.io.DefaultIoCallback;
import io.undertow.io.Sender;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpServerConnection;
import io.undertow.util.SameThreadExecutor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.conduits.ConduitStreamSourceChannel;

/**
 * One response that waits, holding no thread: the exchange is dispatched off the I/O thread's
 * handler chain (so Undertow does not end it) and waits in its I/O thread's {@link DelayQueue}
 * (one XNIO timer per thread, not per request), which sends the body later. Every method runs on
 * that one I/O thread, so the fields need no synchronization.
 * <p>
 * Never early: the queue expires a response only once its delay has elapsed since the request
 * arrived, whatever the millisecond resolution of XNIO's timer. The lateness recorded in
 * {@link ServerStats} is therefore never negative.
 * <p>
 * Hang-ups: Undertow stops reading a connection while one of its requests is in progress, so a
 * client that resets its connection mid-delay would go unnoticed until the timer fired. While
 * waiting this listens on the connection: a reset takes the response out of its queue and closes the connection at
 * once (Undertow then ends the exchange, counted as 499); bytes of a pipelined next request are
 * handed back to Undertow untouched.
 * <p>
 * End of stream is not a hang-up: it says only that the client will send nothing more, and HTTP/1.1
 * lets a client shut its write side once its request is sent and still read the answer ({@code nc}
 * does, at the end of its input). TCP shows a server the same FIN whether the client shut only its
 * write side or closed its socket, so the request is answered when due either way: the watch stops,
 * the timer runs on, and the answer says {@code Connection: close}, as no further request can
 * come. A client that closed its socket with a FIN therefore holds its request in flight until the
 * delay ends, and its answer is counted as sent (its kernel discards it). One that resets after
 * half-closing is no longer watched: the answer's write fails, and that is counted as the hang-up
 * (499) it was.
 * <p>
 * With a {@link Fault}, the fault is injected instead of the answer when the delay expires (at once
 * for a zero delay, without a timer), and counted as such. A {@code hang} never answers: the
 * connection is watched on after the delay, anything the client sends is dropped, and its close
 * (end of stream included: nothing will ever be sent, so there is nothing to wait for) ends the
 * exchange (bytes sent during the delay are dropped as well: nothing behind a hang is ever
 * answered, and the watch must go on).
 */
final class DelayedResponse implements Runnable, DelayQueue.Entry, ChannelListener<ConduitStreamSourceChannel> {

    /** Status recorded for a request whose client hung up before its delay ended (nginx's convention). */
    static final int CLIENT_CLOSED_REQUEST = 499;

    private final HttpServerExchange exchange;
    private final ByteBuffer body;
    private final long arrivalNanos;
    private final long delayNanos;
    private final ServerStats stats;
    private final Fault fault;
    private final DelayQueue queue;

    private int queueIndex = -1;
    private HttpServerConnection watchedConnection;
    private boolean finished;
    private boolean inputEnded;

    private DelayedResponse(HttpServerExchange exchange, ByteBuffer body, long arrivalNanos, long delayMs, Fault fault, ServerStats stats,
                            DelayQueue queue) {
        this.exchange = exchange;
        this.body = body;
        this.arrivalNanos = arrivalNanos;
        this.delayNanos = TimeUnit.MILLISECONDS.toNanos(delayMs);
        this.fault = fault;
        this.stats = stats;
        this.queue = queue;
    }

    /**
     * Answers {@code exchange} with 200 and {@code body} once {@code delayMs} have passed since
     * {@code arrivalNanos}, or injects {@code fault} then if it is not {@code null}; meanwhile it
     * waits in {@code queues}, the delay queues of the exchange's worker.
     */
    static void respondAfter(HttpServerExchange exchange, ByteBuffer body, long arrivalNanos, long delayMs, Fault fault, ServerStats stats,
                             DelayQueue[] queues) {
        DelayedResponse response = new DelayedResponse(exchange, body, arrivalNanos, delayMs, fault, stats,
                DelayQueue.of(queues, exchange.getIoThread()));
        exchange.dispatch(SameThreadExecutor.INSTANCE, response);
    }

    /** Dispatched: runs once the handler has returned, on the same I/O thread. */
    @Override
    public void run() {
        watchForHangUp();
        if (delayNanos == 0) {
            expired();
        } else {
            queue.add(this);
        }
    }

    @Override
    public long deadlineNanos() {
        return arrivalNanos + delayNanos;
    }

    @Override
    public int queueIndex() {
        return queueIndex;
    }

    @Override
    public void queueIndex(int index) {
        queueIndex = index;
    }

    /** The delay is over (the queue fires only once it is). */
    @Override
    public void expired() {
        if (finished) {
            return;
        }
        long waitedNanos = System.nanoTime() - arrivalNanos;
        finished = true;
        if (delayNanos > 0) {
            stats.recordLatenessMicros((waitedNanos - delayNanos) / 1_000);
        }
        if (fault == null) {
            if (inputEnded) {
                answerUnwatched();
            } else {
                stopWatchingLazily();
                JsonResponses.send(exchange, 200, body);
            }
            return;
        }
        if (fault != Fault.HANG) {
            stopWatching();
        }
        if (!fault.countedByStatus()) {
            stats.countAsFault(exchange, fault);
        }
        fault.injectInto(exchange, body);
    }

    private void watchForHangUp() {
        // Only plain HTTP/1.1 with the request fully read: then any byte on the socket belongs to a
        // later request, and reading it cannot steal this request's body.
        if (exchange.getConnection() instanceof HttpServerConnection connection && exchange.isRequestComplete()) {
            PooledByteBuffer pipelined = connection.getExtraBytes();
            if (pipelined != null) {
                if (fault != Fault.HANG) {
                    // Undertow already holds the next request; this one will be answered, then that one.
                    return;
                }
                // Nothing behind a hang is ever answered: drop it, so the watch can see the client's close.
                connection.setExtraBytes(null);
                pipelined.close();
            }
            watchedConnection = connection;
            ConduitStreamSourceChannel source = connection.getChannel().getSourceChannel();
            source.setReadListener(this);
            source.resumeReads();
        }
    }

    /** The connection became readable while the request waits. */
    @Override
    public void handleEvent(ConduitStreamSourceChannel source) {
        HttpServerConnection connection = watchedConnection;
        if (connection == null) {
            // The answer is being written and the watch stopped lazily (see stopWatchingLazily): whatever came
            // is the next request's, which Undertow reads once it ends this exchange and resumes reading.
            source.suspendReads();
            return;
        }
        PooledByteBuffer pooled = connection.getByteBufferPool().allocate();
        boolean handedBack = false;
        try {
            int read = source.read(pooled.getBuffer());
            if (read > 0 && fault == Fault.HANG) {
                // A request behind a hanging one would never be answered: drop it and watch on for the close.
                return;
            }
            if (read > 0) {
                pooled.getBuffer().flip();
                connection.ungetRequestBytes(pooled);
                handedBack = true;
                stopWatching();
            } else if (read < 0 && fault == Fault.HANG) {
                hangUp(connection);
            } else if (read < 0) {
                clientSendsNoMore();
            }
        } catch (IOException reset) {
            hangUp(connection);
        } finally {
            if (!handedBack) {
                pooled.close();
            }
        }
    }

    /** The client will send nothing more; it may still read the answer (see the class comment). */
    private void clientSendsNoMore() {
        stopWatching();
        inputEnded = true;
        exchange.setPersistent(false);
    }

    /**
     * Unwatched since the end of the input, a reset shows only as the answer's write failing, and
     * Undertow then closes the connection, which ends the exchange, before it tells the sender's
     * callback. So the exchange counts as a hang-up until the answer is written.
     */
    private void answerUnwatched() {
        stats.countAsHangUp(exchange);
        JsonResponses.send(exchange, 200, body, new DefaultIoCallback() {
            @Override
            public void onComplete(HttpServerExchange written, Sender sender) {
                stats.answered(written);
                super.onComplete(written, sender);
            }
        });
    }

    private void hangUp(HttpServerConnection connection) {
        stopWatching();
        if (!finished) {
            finished = true;
            queue.remove(this);
            exchange.setStatusCode(CLIENT_CLOSED_REQUEST);
        }
        IoUtils.safeClose(connection);
    }

    /**
     * Stops the watch when the answer is written, leaving reads resumed and this listener in place:
     * Undertow ends the exchange as soon as the answer is written (almost always at once), then sets its
     * own listener and resumes reading, which is then a no-op. Suspending here would cost an interest
     * change now and another one then; if the connection turns readable first, {@link #handleEvent}
     * suspends reads after all.
     */
    private void stopWatchingLazily() {
        watchedConnection = null;
    }

    private void stopWatching() {
        if (watchedConnection != null) {
            ConduitStreamSourceChannel source = watchedConnection.getChannel().getSourceChannel();
            source.suspendReads();
            source.setReadListener(null);
            watchedConnection = null;
        }
    }
}
