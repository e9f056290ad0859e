package dev.fanout.bench.clients;

import java.time.Duration;

/**
 * How every client is sized, the same for all of them, so that only the client differs.
 *
 * @param maxConcurrent the most requests any trial of the run has in flight at once (the largest N): every
 *                      client limit on requests, connections and waiting acquires is raised to it, since a
 *                      client's defaults (OkHttp's 5 per host, ...) would cap some models and not others
 * @param timeout       the limit of one whole request, connection included
 */
public record ClientSettings(int maxConcurrent, Duration timeout) {
    public ClientSettings {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be >= 1, got " + maxConcurrent);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
    }
}
