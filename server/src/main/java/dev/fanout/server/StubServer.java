package dev.fanout.server;

import io.undertow.UndertowOptions;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.protocol.http.HttpOpenListener;
import io.undertow.server.protocol.http2.Http2UpgradeHandler;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.SplittableRandom;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

/**
 * The stub latency server, embeddable: {@code try (StubServer s = StubServer.start(config)) { ... s.baseUri() ... }}.
 * <p>
 * All work happens on XNIO I/O threads; no request is ever handed to a worker pool, and a delayed
 * request holds only a timer entry (see {@link DelayedResponse}). The listener is tuned for at
 * least 10,000 concurrent connections: a listen backlog of {@value #BACKLOG} (the kernel caps it
 * at {@code net.core.somaxconn}), at most {@link StubServerConfig#maxConnections()} connections
 * served at once (by default as many as the file descriptors allow) and the rest answered 503
 * ({@link ConnectionGate}), and idle
 * keep-alive connections kept for {@value #IDLE_TIMEOUT_MS} ms so a benchmark's pool survives a
 * pause between phases (its client keeps idle connections up to 4 minutes).
 * <p>
 * A client that has sent part of a request's headers must send the rest within the header timeout
 * ({@link StubServerConfig#headerTimeoutMs()}, seconds by default) or the connection is closed
 * unanswered: slowloris clients, trickling a byte now and then, cannot hold connections. This is
 * Undertow's {@code REQUEST_PARSE_TIMEOUT}: its {@code ParseTimeoutUpdater} starts that timer on
 * the first read that leaves a request incomplete and stops it once the request is parsed, while
 * {@code NO_REQUEST_TIMEOUT} covers a connection with no bytes of a request yet (new or between
 * requests). Neither applies while a request waits for its delay.
 * <p>
 * Wired by hand (XNIO worker, Undertow's {@link HttpOpenListener}, a server socket) rather than with
 * {@code Undertow.builder()}, which is the same wiring with the accept listener out of reach: the
 * server needs to see every accepted connection. The settings are the builder's, with its 16 KiB
 * direct buffers.
 */
public final class StubServer implements AutoCloseable {

    static final int BACKLOG = 16_384;
    /** Undertow's {@code NO_REQUEST_TIMEOUT}: 5 minutes, above the 4 minutes the benchmark's client keeps an idle connection. */
    static final int IDLE_TIMEOUT_MS = 300_000;
    /** Undertow's builder's size: 16 KiB, less 20 bytes of room for protocol headers (UNDERTOW-1209). */
    private static final int BUFFER_SIZE = 16 * 1024 - 20;

    private final XnioWorker worker;
    private final AcceptingChannel<StreamConnection> listener;
    private final InetSocketAddress address;
    private boolean closed;

    private StubServer(XnioWorker worker, AcceptingChannel<StreamConnection> listener, InetSocketAddress address) {
        this.worker = worker;
        this.listener = listener;
        this.address = address;
    }

    /** {@link #start(StubServerConfig, PrintStream)} reporting on {@code System.err}. */
    public static StubServer start(StubServerConfig config) {
        return start(config, System.err);
    }

    /**
     * Binds, runs the {@link StartupSelfCheck} (real requests through every path, so nothing the
     * request path needs is left to initialise when file descriptors may be short), and returns
     * once connections are accepted and answered.
     *
     * @param diagnostics where the server reports what a client cannot see: refused connections
     *                    ({@link RefusalLog}), a bind beyond loopback, and a {@code maxConnections} the
     *                    file descriptors cannot hold
     */
    public static StubServer start(StubServerConfig config, PrintStream diagnostics) {
        long seed = config.seed() != null ? config.seed() : new SplittableRandom().nextLong();
        ServerStats stats = new ServerStats(config.ioThreads());
        XnioWorker worker;
        try {
            worker = Xnio.getInstance(StubServer.class.getClassLoader()).createWorker(OptionMap.builder()
                    .set(Options.WORKER_IO_THREADS, config.ioThreads())
                    // Nothing is ever dispatched to the worker pool; XNIO still wants one.
                    .set(Options.WORKER_TASK_CORE_THREADS, 1)
                    .set(Options.WORKER_TASK_MAX_THREADS, 1)
                    .set(Options.TCP_NODELAY, true)
                    .set(Options.CORK, true)
                    .getMap());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the XNIO worker", e);
        }
        try {
            // Bound first, so a taken port fails at once; accepts wait in the backlog until the gate is in place.
            AcceptingChannel<StreamConnection> listener = worker.createStreamConnectionServer(
                    new InetSocketAddress(InetAddress.getByName(config.host()), config.port()),
                    null,
                    OptionMap.builder()
                            .set(Options.TCP_NODELAY, true)
                            .set(Options.REUSE_ADDRESSES, true)
                            .set(Options.BACKLOG, BACKLOG)
                            .getMap());
            InetSocketAddress bound = listener.getLocalAddress(InetSocketAddress.class);
            warnIfBeyondLoopback(config.host(), bound, diagnostics);

            DefaultByteBufferPool buffers = new DefaultByteBufferPool(true, BUFFER_SIZE, -1, 4);
            OptionMap servedOptions = http2Options(config, undertowOptions(IDLE_TIMEOUT_MS, config.headerTimeoutMs()));
            StartupSelfCheck.run(worker, buffers, servedOptions, config);

            HttpOpenListener served = new HttpOpenListener(buffers, servedOptions);
            HttpHandler stub = new StubHandler(config, stats, new IoThreadRandoms(seed, config.ioThreads()));
            served.setRootHandler(config.h2c() ? new Http2UpgradeHandler(stub) : stub);
            // A refused client gets no idle time: its answer is ready as soon as its request is.
            HttpOpenListener refused = new HttpOpenListener(buffers, undertowOptions(config.headerTimeoutMs(), config.headerTimeoutMs()));
            // Everything the server needs is open now: the descriptors left decide the default cap.
            int maxConnections = config.maxConnections() != null ? config.maxConnections() : FileDescriptors.connectionsAllowed();
            ConnectionGate gate = new ConnectionGate(maxConnections, served, refused, stats, new RefusalLog(diagnostics, maxConnections));
            refused.setRootHandler(gate::refuse);
            int connectionsHeld = maxConnections + ConnectionGate.REFUSAL_HEADROOM;
            // XNIO holds accepts at the high water mark and resumes below the low one.
            listener.setOption(Options.CONNECTION_HIGH_WATER, connectionsHeld);
            listener.setOption(Options.CONNECTION_LOW_WATER, connectionsHeld);
            listener.getAcceptSetter().set(gate);
            listener.resumeAccepts();
            warnIfDescriptorsAreShort(maxConnections, diagnostics);
            return new StubServer(worker, listener, bound);
        } catch (IOException | RuntimeException e) {
            worker.shutdownNow();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /**
     * HTTP/2 in cleartext beside HTTP/1.1, as the config asks: with {@code ENABLE_HTTP2} Undertow's HTTP/1.1 reader
     * takes a connection that opens with HTTP/2's preface as HTTP/2 (prior knowledge), and
     * {@link Http2UpgradeHandler} switches one that asks with {@code Upgrade: h2c}. A client resets streams by the
     * thousand in a fan-out that cancels (a timeout, structured's first failure, fire-and-forget's sleep); Undertow's
     * guard against rapid-reset floods (CVE-2023-44487: 200 resets in 30 s, then GOAWAY) would close the connection
     * under every stream of it, so it is raised beyond any fan-out here.
     */
    private static OptionMap http2Options(StubServerConfig config, OptionMap options) {
        if (!config.h2c()) {
            return options;
        }
        return OptionMap.builder().addAll(options)
                .set(UndertowOptions.ENABLE_HTTP2, true)
                .set(UndertowOptions.HTTP2_SETTINGS_MAX_CONCURRENT_STREAMS,
                        config.maxStreams() != null ? config.maxStreams() : UndertowOptions.DEFAULT_HTTP2_SETTINGS_MAX_CONCURRENT_STREAMS)
                .set(UndertowOptions.MAX_RST_FRAMES_PER_WINDOW, Integer.MAX_VALUE)
                .getMap();
    }

    private static OptionMap undertowOptions(int idleTimeoutMs, int headerTimeoutMs) {
        return OptionMap.builder()
                .set(UndertowOptions.BUFFER_PIPELINED_DATA, true)
                .set(UndertowOptions.NO_REQUEST_TIMEOUT, idleTimeoutMs)
                .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, headerTimeoutMs)
                .set(UndertowOptions.ALWAYS_SET_KEEP_ALIVE, true)
                .set(UndertowOptions.RECORD_REQUEST_START_TIME, false)
                .getMap();
    }

    /**
     * Nothing here asks who is calling, {@code POST /stats/reset} included, and that is fine on
     * loopback only; a wider bind may be meant (a client on another machine) but must not go unsaid.
     */
    private static void warnIfBeyondLoopback(String host, InetSocketAddress bound, PrintStream diagnostics) {
        if (!bound.getAddress().isLoopbackAddress()) {
            diagnostics.println("stub-server: warning: --host " + host + " is beyond loopback"
                    + (bound.getAddress().isAnyLocalAddress() ? " (every interface)" : "")
                    + ": anyone who can reach it can use this server, POST /stats/reset included, with no credentials");
            diagnostics.flush();
        }
    }

    /**
     * A cap the descriptors cannot hold (given explicitly, or a limit so low that not even one
     * connection fits) does not stop the server, but beyond the descriptors accepts fail (XNIO then
     * pauses accepting; see server/README.md) instead of being refused with a 503.
     */
    private static void warnIfDescriptorsAreShort(int maxConnections, PrintStream diagnostics) {
        long limit = FileDescriptors.limit();
        long open = FileDescriptors.open();
        if (limit > 0 && open + maxConnections + ConnectionGate.REFUSAL_HEADROOM > limit) {
            diagnostics.println("stub-server: warning: " + maxConnections + " connections (--max-connections) need more file descriptors than are left (ulimit -n "
                    + limit + ", " + open + " open): beyond about " + Math.max(0, limit - open - ConnectionGate.REFUSAL_HEADROOM)
                    + " connections, accepts fail and pause instead of being refused with 503");
            diagnostics.flush();
        }
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
            IoUtils.safeClose(listener);
            worker.shutdown();
            try {
                worker.awaitTermination();
            } catch (InterruptedException e) {
                worker.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }
}
