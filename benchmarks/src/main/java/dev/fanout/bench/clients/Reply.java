package dev.fanout.bench.clients;

/**
 * A whole HTTP response as the harness checks it, whichever client fetched it.
 *
 * @param contentType the {@code Content-Type} header, empty when absent
 */
public record Reply(int status, String contentType, String body) {
}
