package dev.fanout.bench.clients;

import java.time.Duration;

/**
 * How every client is sized, the same for all of them, so that only the client differs.
 *
 * @param maxConcurrent the most requests one client instance has in flight at once (the run's largest N over
 *                      the trial's pools): every client limit on requests, connections and waiting acquires is
 *                      raised to it, since a client's defaults (OkHttp's 5 per host, ...) would cap some models
 *                      and not others
 * @param timeout       the limit of one whole request, connection included
 * @param eventLoop     whether the client runs all its I/O on one event-loop thread, for the {@code event_loop}
 *                      model; otherwise it runs as many I/O threads as it does by default
 * @param protocol      the HTTP version it speaks; over h2c {@code maxConcurrent} is the streams it may have open
 */
public record ClientSettings(int maxConcurrent, Duration timeout, boolean eventLoop, Protocol protocol) {
    /** A client with its default I/O threads, over HTTP/1.1. */
    public ClientSettings(int maxConcurrent, Duration timeout) {
        this(maxConcurrent, timeout, false);
    }

    /** A client over HTTP/1.1. */
    public ClientSettings(int maxConcurrent, Duration timeout, boolean eventLoop) {
        this(maxConcurrent, timeout, eventLoop, Protocol.http1);
    }

    public ClientSettings {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be >= 1, got " + maxConcurrent);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        if (protocol == null) {
            throw new IllegalArgumentException("a client needs a protocol, one of http1, h2c");
        }
    }
}
