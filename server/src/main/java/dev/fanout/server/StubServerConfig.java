package dev.fanout.server;

/**
 * Everything the stub server needs to start. Validated on construction, so a server never starts
 * half-configured.
 *
 * @param host           interface to bind; loopback by default so a benchmark never exposes it
 * @param port           TCP port, 0 picks a free one (read it back from {@link StubServer#address()})
 * @param ioThreads      XNIO I/O threads; they do all the work, since no request ever leaves them
 *                       (default {@value #IO_THREADS_PER_CORE} per core, see {@link #defaults()})
 * @param defaultDelayMs delay of {@code GET /} and {@code GET /random} when the request gives none
 * @param maxDelayMs     largest delay a request may ask for or a distribution may draw
 * @param seed           seed of the delay and {@code /random} draws, {@code null} for a random one
 * @param headerTimeoutMs how long a client may take over a request's headers once it has sent part
 *                       of them; then the connection is closed. Idle connections, before their first
 *                       request or between requests, are not affected: they are kept
 *                       {@value StubServer#IDLE_TIMEOUT_MS} ms (see {@link StubServer})
 * @param maxConnections most connections served at once, a connection beyond them is answered 503
 *                       and closed (see {@link ConnectionGate}); {@code null} (the default) for as many
 *                       as the file descriptors allow, so that connections alone cannot exhaust them
 *                       ({@link FileDescriptors#connectionsAllowed()}, worked out once the server has
 *                       started)
 * @param slowByPercent  how much later than asked every delayed request is answered, in percent of its delay
 *                       (0 by default): a real slowdown of the measured system, for measuring whether a
 *                       benchmark gate catches one; a request of no delay stays at once
 * @param h2c            whether the port speaks HTTP/2 in cleartext besides HTTP/1.1 (true by default): with prior
 *                       knowledge (a client that opens with HTTP/2's preface) and by HTTP/1.1's
 *                       {@code Upgrade: h2c}; false for a server of HTTP/1.1 alone, as a client must be ready to meet
 * @param maxStreams     the most streams one HTTP/2 connection may have open at once, sent to the client in its
 *                       SETTINGS; {@code null} (the default) for no limit, Undertow's default
 */
public record StubServerConfig(String host, int port, int ioThreads, long defaultDelayMs, long maxDelayMs, Long seed, int headerTimeoutMs,
                               Integer maxConnections, double slowByPercent, boolean h2c, Integer maxStreams) {

    /** One hour: long enough for any benchmark, short enough that a typo cannot park requests for days. */
    public static final long MAX_DELAY_LIMIT_MS = 3_600_000L;

    /**
     * XNIO runs expired timers only between passes over the connections that became ready, so a
     * timer is late by up to one pass; with thousands of connections on two threads a pass is tens
     * of milliseconds. More threads make each pass shorter, and the kernel then interleaves them far
     * more finely. Measured on 2 cores with 5,000 connections of 100 ms (server/README.md): lateness
     * p99 18–38 ms with 2 threads, 6–11 ms with 8, 6–10 ms with 16; 16 threads cost 15% of the
     * zero-delay throughput at 100 connections, 8 cost nothing measurable.
     */
    public static final int IO_THREADS_PER_CORE = 4;

    /** More I/O threads than this is a typo, not a configuration. */
    public static final int MAX_IO_THREADS = 1024;

    /**
     * Default header timeout: any real client sends its headers in one go, so 10 s only ever stops a
     * client that trickles them (slowloris), and stops it long before it can hold many connections.
     */
    public static final int DEFAULT_HEADER_TIMEOUT_MS = 10_000;

    /** A slowdown beyond this is a typo. */
    public static final double MAX_SLOW_BY_PERCENT = 1_000;

    /** More connections than this is a typo (and XNIO counts them in an int). */
    public static final int MAX_CONNECTIONS_LIMIT = 1_000_000;

    public StubServerConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must be a host name or IP address, got " + (host == null ? "null" : "\"" + host + "\""));
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 (any free port) and 65535, got " + port);
        }
        if (ioThreads < 1 || ioThreads > MAX_IO_THREADS) {
            throw new IllegalArgumentException("ioThreads must be between 1 and " + MAX_IO_THREADS + ", got " + ioThreads);
        }
        if (maxDelayMs < 0 || maxDelayMs > MAX_DELAY_LIMIT_MS) {
            throw new IllegalArgumentException("maxDelayMs must be between 0 and " + MAX_DELAY_LIMIT_MS + " ms, got " + maxDelayMs);
        }
        if (defaultDelayMs < 0 || defaultDelayMs > maxDelayMs) {
            throw new IllegalArgumentException("defaultDelayMs must be between 0 and maxDelayMs (" + maxDelayMs + " ms), got " + defaultDelayMs);
        }
        if (headerTimeoutMs < 1 || headerTimeoutMs > StubServer.IDLE_TIMEOUT_MS) {
            throw new IllegalArgumentException("headerTimeoutMs must be between 1 and " + StubServer.IDLE_TIMEOUT_MS + " ms (the idle-connection timeout), got " + headerTimeoutMs);
        }
        if (maxConnections != null && (maxConnections < 1 || maxConnections > MAX_CONNECTIONS_LIMIT)) {
            throw new IllegalArgumentException("maxConnections must be between 1 and " + MAX_CONNECTIONS_LIMIT + ", got " + maxConnections);
        }
        if (maxStreams != null && (maxStreams < 1 || maxStreams > MAX_CONNECTIONS_LIMIT)) {
            throw new IllegalArgumentException("maxStreams must be between 1 and " + MAX_CONNECTIONS_LIMIT + ", got " + maxStreams);
        }
        if (!(slowByPercent >= 0 && slowByPercent <= MAX_SLOW_BY_PERCENT)) {
            throw new IllegalArgumentException("slowByPercent must be between 0 and " + (long) MAX_SLOW_BY_PERCENT + ", got " + slowByPercent);
        }
    }

    /**
     * 127.0.0.1:8000, {@value #IO_THREADS_PER_CORE} I/O threads per core (at most {@value #MAX_IO_THREADS}),
     * 1000 ms default delay (as the seed article's web.py), 60 s max, random seed, headers within
     * {@value #DEFAULT_HEADER_TIMEOUT_MS} ms, as many connections as the file descriptors allow, h2c on, no limit on
     * an HTTP/2 connection's streams.
     */
    public static StubServerConfig defaults() {
        return new StubServerConfig("127.0.0.1", 8000, Math.min(MAX_IO_THREADS, IO_THREADS_PER_CORE * Runtime.getRuntime().availableProcessors()), 1000, 60_000, null,
                DEFAULT_HEADER_TIMEOUT_MS, null, 0, true, null);
    }

    public StubServerConfig withHost(String host) {
        return new StubServerConfig(host, port, ioThreads, defaultDelayMs, maxDelayMs, seed, headerTimeoutMs, maxConnections, slowByPercent, h2c, maxStreams);
    }

    public StubServerConfig withPort(int port) {
        return new StubServerConfig(host, port, ioThreads, defaultDelayMs, maxDelayMs, seed, headerTimeoutMs, maxConnections, slowByPercent, h2c, maxStreams);
    }

    public StubServerConfig withIoThreads(int ioThreads) {
        return new StubServerConfig(host, port, ioThreads, defaultDelayMs, maxDelayMs, seed, headerTimeoutMs, maxConnections, slowByPercent, h2c, maxStreams);
    }

    public StubServerConfig withDefaultDelayMs(long defaultDelayMs) {
        return new StubServerConfig(host, port, ioThreads, defaultDelayMs, maxDelayMs, seed, headerTimeoutMs, maxConnections, slowByPercent, h2c, maxStreams);
    }

    public StubServerConfig withMaxDelayMs(long maxDelayMs) {
        return new StubServerConfig(host, port, ioThreads, defaultDelayMs, maxDelayMs, seed, headerTimeoutMs, maxConnections, slowByPercent, h2c, maxStreams);
    }

    public StubServerConfig withSeed(Long seed) {
        return new StubServerConfig(host, port, ioThreads, defaultDelayMs, maxDelayMs, seed, headerTimeoutMs, maxConnections, slowByPercent, h2c, maxStreams);
    }

    public StubServerConfig withHeaderTimeoutMs(int headerTimeoutMs) {
        return new StubServerConfig(host, port, ioThreads, defaultDelayMs, maxDelayMs, seed, headerTimeoutMs, maxConnections, slowByPercent, h2c, maxStreams);
    }

    public StubServerConfig withMaxConnections(Integer maxConnections) {
        return new StubServerConfig(host, port, ioThreads, defaultDelayMs, maxDelayMs, seed, headerTimeoutMs, maxConnections, slowByPercent, h2c, maxStreams);
    }

    public StubServerConfig withSlowByPercent(double slowByPercent) {
        return new StubServerConfig(host, port, ioThreads, defaultDelayMs, maxDelayMs, seed, headerTimeoutMs, maxConnections, slowByPercent, h2c, maxStreams);
    }

    public StubServerConfig withH2c(boolean h2c) {
        return new StubServerConfig(host, port, ioThreads, defaultDelayMs, maxDelayMs, seed, headerTimeoutMs, maxConnections, slowByPercent, h2c, maxStreams);
    }

    public StubServerConfig withMaxStreams(Integer maxStreams) {
        return new StubServerConfig(host, port, ioThreads, defaultDelayMs, maxDelayMs, seed, headerTimeoutMs, maxConnections, slowByPercent, h2c, maxStreams);
    }

    /** The delay a request asking for {@code askedMs} is answered after: {@link #slowByPercent} later, rounded. */
    long servedDelayMs(long askedMs) {
        return slowByPercent == 0 ? askedMs : Math.round(askedMs * (1 + slowByPercent / 100));
    }
}
