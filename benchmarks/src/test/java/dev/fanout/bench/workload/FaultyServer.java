package dev.fanout.bench.workload;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * A server that is up ({@code /health} answers) but serves the benchmarks badly: {@code /} with HTTP 500 and
 * a JSON error, or, when hanging, never at all, over HTTP/1.1 and h2c alike. The stub server is never wrong, so
 * faults need their own.
 */
public final class FaultyServer implements AutoCloseable {
    private final Undertow server;

    private FaultyServer(boolean hang) {
        server = Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                .setServerOption(UndertowOptions.ENABLE_HTTP2, true)
                .setHandler(exchange -> handle(exchange, hang))
                .build();
        server.start();
    }

    /** Answers every benchmark request with HTTP 500. */
    public static FaultyServer failing() {
        return new FaultyServer(false);
    }

    /** Accepts every benchmark request and never answers it. */
    public static FaultyServer hanging() {
        return new FaultyServer(true);
    }

    public URI url() {
        InetSocketAddress address = (InetSocketAddress) server.getListenerInfo().get(0).getAddress();
        return URI.create("http://127.0.0.1:" + address.getPort() + "/");
    }

    private static void handle(HttpServerExchange exchange, boolean hang) {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        if (exchange.getRequestPath().equals("/health")) {
            exchange.getResponseSender().send("{\"status\":\"up\"}");
        } else if (hang) {
            exchange.dispatch(() -> { });
        } else {
            exchange.setStatusCode(500);
            exchange.getResponseSender().send("{\"error\":\"broken on purpose\"}");
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
