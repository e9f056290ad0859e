package dev.fanout.server;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.SplittableRandom;
import org.xnio.Options;

/**
 * The stub latency server, embeddable: {@code try (StubServer s = StubServer.start(config)) { ... s.baseUri() ... }}.
 * <p>
 * All work happens on XNIO I/O threads; no request is ever handed to a worker pool, and a delayed
 * request holds only a timer entry (see {@link DelayedResponse}). The listener is tuned for at
 * least 10,000 concurrent connections: a listen backlog of {@value #BACKLOG} (the kernel caps it
 * at {@code net.core.somaxconn}), connection high/low water marks far above that, and idle
 * keep-alive connections kept for {@value #NO_REQUEST_TIMEOUT_MS} ms so a benchmark's pool
 * survives a pause between phases.
 */
public final class StubServer implements AutoCloseable {

    static final int BACKLOG = 16_384;
    static final int MAX_CONNECTIONS = 1_000_000;
    static final int NO_REQUEST_TIMEOUT_MS = 300_000;

    private final Undertow undertow;
    private final InetSocketAddress address;
    private boolean closed;

    private StubServer(Undertow undertow, InetSocketAddress address) {
        this.undertow = undertow;
        this.address = address;
    }

    /** Binds and starts accepting; returns once connections are accepted. */
    public static StubServer start(StubServerConfig config) {
        long seed = config.seed() != null ? config.seed() : new SplittableRandom().nextLong();
        ServerStats stats = new ServerStats(config.ioThreads());
        StubHandler handler = new StubHandler(config, stats, new IoThreadRandoms(seed, config.ioThreads()));
        Undertow undertow = Undertow.builder()
                .addHttpListener(config.port(), config.host())
                .setIoThreads(config.ioThreads())
                // Nothing is ever dispatched to the worker pool; XNIO still wants one.
                .setWorkerThreads(1)
                .setHandler(handler)
                .setSocketOption(Options.BACKLOG, BACKLOG)
                .setWorkerOption(Options.CONNECTION_HIGH_WATER, MAX_CONNECTIONS)
                .setWorkerOption(Options.CONNECTION_LOW_WATER, MAX_CONNECTIONS)
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, NO_REQUEST_TIMEOUT_MS)
                .setServerOption(UndertowOptions.ALWAYS_SET_KEEP_ALIVE, true)
                .setServerOption(UndertowOptions.RECORD_REQUEST_START_TIME, false)
                .build();
        undertow.start();
        InetSocketAddress bound = (InetSocketAddress) undertow.getListenerInfo().get(0).getAddress();
        return new StubServer(undertow, bound);
    }

    /** The address really bound, with the real port when the config asked for port 0. */
    public InetSocketAddress address() {
        return address;
    }

    /** {@code http://HOST:PORT}, no trailing slash; HOST is the bound IP address. */
    public URI baseUri() {
        try {
            return new URI("http", null, address.getAddress().getHostAddress(), address.getPort(), null, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("a bound socket address is always a valid URI authority", e);
        }
    }

    /** Stops accepting, closes every connection (waiting requests are dropped) and waits for the I/O threads to end. Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            undertow.stop();
        }
    }
}
