package dev.fanout.server;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.Map;

/**
 * Routes every request. A hand-written switch rather than Undertow's RoutingHandler: six fixed
 * paths and one prefix need no template matching, and the zero-delay path is the one whose cost
 * the benchmarks compare against nginx.
 * <p>
 * Endpoints (all JSON):
 * <ul>
 *   <li>{@code GET /} → {@code {"msg":"ok"}} after the delay described by {@link DelaySpec}.</li>
 *   <li>{@code GET /random} → {@code {"msg":<double in [0,1)>}} after the same kind of delay.</li>
 *   <li>{@code GET /delay/{ms}} → {@code {"msg":"ok","delay_ms":ms}} after exactly {@code ms}.</li>
 *   <li>On those three, {@code ?fault=} injects a {@link Fault} instead of the answer when the delay expires.</li>
 *   <li>{@code GET /health} → {@code {"status":"up"}} at once.</li>
 *   <li>{@code GET /stats}, {@code POST /stats/reset}: see {@link ServerStats}; these two are not
 *       counted themselves, so watching the server does not change what it reports.</li>
 * </ul>
 * Nothing here blocks: a request either answers at once or becomes a {@link DelayedResponse}.
 */
final class StubHandler implements HttpHandler {

    private static final String DELAY_PREFIX = "/delay/";
    private static final String ENDPOINTS = "GET /, GET /random, GET /delay/{ms}, GET /health, GET /stats, POST /stats/reset";

    private final StubServerConfig config;
    private final ServerStats stats;
    private final IoThreadRandoms randoms;
    private final DelaySpec defaultSpec;
    private final DelayQueue[] delayQueues;

    StubHandler(StubServerConfig config, ServerStats stats, IoThreadRandoms randoms) {
        this.config = config;
        this.stats = stats;
        this.randoms = randoms;
        this.defaultSpec = DelaySpec.fixed(config.defaultDelayMs(), config.maxDelayMs());
        this.delayQueues = DelayQueue.perThread(config.ioThreads());
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        long arrivalNanos = System.nanoTime();
        String path = exchange.getRelativePath();
        switch (path) {
            case "/stats" -> {
                if (allowed(exchange, Methods.GET)) {
                    JsonResponses.sendObject(exchange, 200, stats.snapshot());
                }
                return;
            }
            case "/stats/reset" -> {
                if (allowed(exchange, Methods.POST)) {
                    stats.reset();
                    JsonResponses.send(exchange, 200, JsonResponses.RESET);
                }
                return;
            }
            default -> stats.requestStarted(exchange);
        }
        try {
            switch (path) {
                case "/" -> {
                    if (allowed(exchange, Methods.GET)) {
                        respond(exchange, JsonResponses.OK, sampleDelayMs(exchange), arrivalNanos);
                    }
                }
                case "/random" -> {
                    if (allowed(exchange, Methods.GET)) {
                        long delayMs = sampleDelayMs(exchange);
                        double value = randoms.of(exchange.getIoThread()).nextDouble();
                        respond(exchange, ascii("{\"msg\":" + value + "}"), delayMs, arrivalNanos);
                    }
                }
                case "/health" -> {
                    if (allowed(exchange, Methods.GET)) {
                        JsonResponses.send(exchange, 200, JsonResponses.UP);
                    }
                }
                default -> {
                    if (path.startsWith(DELAY_PREFIX)) {
                        if (allowed(exchange, Methods.GET)) {
                            long delayMs = exactDelayMs(exchange, path.substring(DELAY_PREFIX.length()));
                            respond(exchange, ascii("{\"msg\":\"ok\",\"delay_ms\":" + delayMs + "}"), delayMs, arrivalNanos);
                        }
                    } else {
                        JsonResponses.sendError(exchange, 404, "no such path: " + path + "; endpoints are " + ENDPOINTS);
                    }
                }
            }
        } catch (BadRequestException e) {
            JsonResponses.sendError(exchange, 400, e.getMessage());
        }
    }

    private long sampleDelayMs(HttpServerExchange exchange) {
        Map<String, Deque<String>> query = exchange.getQueryParameters();
        DelaySpec spec = query.isEmpty() ? defaultSpec : DelaySpec.parse(query, config.defaultDelayMs(), config.maxDelayMs());
        return spec.sampleMs(randoms.of(exchange.getIoThread()));
    }

    private long exactDelayMs(HttpServerExchange exchange, String millis) {
        Map<String, Deque<String>> query = exchange.getQueryParameters();
        for (String param : new String[] {DelaySpec.DELAY, DelaySpec.DIST, DelaySpec.JITTER, DelaySpec.SIGMA}) {
            if (query.containsKey(param)) {
                throw new BadRequestException("/delay/{ms} takes its delay from the path only; use /?" + param + "=... for query-string delays");
            }
        }
        return DelaySpec.wholeMillis("the {ms} of /delay/{ms}", millis, config.maxDelayMs());
    }

    private void respond(HttpServerExchange exchange, ByteBuffer body, long askedDelayMs, long arrivalNanos) {
        Map<String, Deque<String>> query = exchange.getQueryParameters();
        Fault fault = query.isEmpty() ? null : Fault.fromQuery(query);
        long delayMs = config.servedDelayMs(askedDelayMs);
        if (delayMs == 0 && fault == null) {
            // No dispatch, no timer: a zero delay is the throughput benchmark's path.
            JsonResponses.send(exchange, 200, body);
        } else {
            DelayedResponse.respondAfter(exchange, body, arrivalNanos, delayMs, fault, stats, delayQueues);
        }
    }

    private static boolean allowed(HttpServerExchange exchange, HttpString method) {
        if (exchange.getRequestMethod().equals(method)) {
            return true;
        }
        JsonResponses.sendMethodNotAllowed(exchange, method);
        return false;
    }

    private static ByteBuffer ascii(String json) {
        return ByteBuffer.wrap(json.getBytes(StandardCharsets.US_ASCII));
    }
}
