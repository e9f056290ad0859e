package dev.fanout.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.undertow.io.IoCallback;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes JSON responses. The constant bodies are encoded once into read-only direct buffers and
 * sent as {@link ByteBuffer#duplicate() duplicates}, so the zero-delay path encodes nothing and
 * copies nothing on the heap.
 */
final class JsonResponses {

    static final ByteBuffer OK = constant("{\"msg\":\"ok\"}");
    static final ByteBuffer UP = constant("{\"status\":\"up\"}");
    static final ByteBuffer RESET = constant("{\"status\":\"reset\"}");

    private static final String APPLICATION_JSON = "application/json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonResponses() {
    }

    static void send(HttpServerExchange exchange, int status, ByteBuffer constant) {
        send(exchange, status, constant, IoCallback.END_EXCHANGE);
    }

    /** As {@link #send(HttpServerExchange, int, ByteBuffer)}, with {@code callback} told whether the body was written. */
    static void send(HttpServerExchange exchange, int status, ByteBuffer constant, IoCallback callback) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, APPLICATION_JSON);
        // The sender sets the length itself only with its own END_EXCHANGE callback; without one the body would go chunked.
        exchange.setResponseContentLength(constant.remaining());
        exchange.getResponseSender().send(constant.duplicate(), callback);
    }

    static void sendText(HttpServerExchange exchange, int status, String json) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, APPLICATION_JSON);
        exchange.getResponseSender().send(ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)));
    }

    static void sendObject(HttpServerExchange exchange, int status, Map<String, ?> body) {
        sendText(exchange, status, toJson(body));
    }

    static void sendError(HttpServerExchange exchange, int status, String message) {
        sendObject(exchange, status, Map.of("error", message));
    }

    static void sendMethodNotAllowed(HttpServerExchange exchange, HttpString allowed) {
        exchange.getResponseHeaders().put(Headers.ALLOW, allowed.toString());
        sendError(exchange, 405, exchange.getRequestMethod() + " is not allowed on " + exchange.getRequestPath() + "; use " + allowed);
    }

    static String toJson(Map<String, ?> body) {
        try {
            return MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("maps of strings and numbers always serialize", e);
        }
    }

    /** A body encoded once, to be sent with {@link #send}. */
    static ByteBuffer constant(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
    }
}
