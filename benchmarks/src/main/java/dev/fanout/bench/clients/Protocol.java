package dev.fanout.bench.clients;

/**
 * The HTTP version a client speaks to the stub server, by the names results use. Lower case, as {@link Client}: JMH
 * takes an enum parameter by its name, and these are the names every table shows.
 */
public enum Protocol {
    /** HTTP/1.1: one request at a time on a connection, so a fan-out of N holds N connections. */
    http1("HTTP/1.1"),
    /**
     * HTTP/2 over cleartext TCP: many streams multiplexed on one connection, so a fan-out of N holds a few connections
     * whatever N. OkHttp and reactor-netty start with HTTP/2's preface (prior knowledge); the JDK's client has none and
     * upgrades its first HTTP/1.1 request ({@code Upgrade: h2c}). The stub server speaks both.
     */
    h2c("HTTP/2 in cleartext");

    private final String longName;

    Protocol(String longName) {
        this.longName = longName;
    }

    /** What a reader calls it: HTTP/1.1, HTTP/2 in cleartext. */
    public String longName() {
        return longName;
    }

    /**
     * The sockets to the server a fan-out of {@code inFlight} requests over {@code pools} clients needs: one a request
     * over HTTP/1.1; over h2c one a client, as the stub server sets no limit on the streams of a connection (a client
     * may open a second one for a moment, which the launcher's margin of files holds).
     */
    public int socketsFor(int inFlight, int pools) {
        return this == http1 ? inFlight : pools;
    }
}
