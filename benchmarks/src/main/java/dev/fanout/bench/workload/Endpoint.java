package dev.fanout.bench.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fanout.bench.clients.Reply;
import java.io.IOException;
import java.net.URI;

/**
 * The seed article's two endpoints and what a correct answer from each looks like. Every response is
 * checked, so a server that answers fast with an error can never pass for a fast server.
 */
public enum Endpoint {
    /** {@code GET /} answers {@code {"msg":"ok"}}. */
    OK("") {
        @Override
        boolean accepts(JsonNode msg) {
            return msg.isTextual() && msg.textValue().equals("ok");
        }
    },
    /** {@code GET /random} answers {@code {"msg":<double in [0, 1)>}}. */
    RANDOM("random") {
        @Override
        boolean accepts(JsonNode msg) {
            return msg.isNumber() && msg.doubleValue() >= 0 && msg.doubleValue() < 1;
        }
    };

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String path;

    Endpoint(String path) {
        this.path = path;
    }

    abstract boolean accepts(JsonNode msg);

    /**
     * The URL of this endpoint on the server at {@code base} with the server's delay set to {@code latencyMs}.
     * Servers without the {@code delay} parameter (the article's own FastAPI one) ignore it and wait their
     * fixed second.
     */
    public URI url(URI base, long latencyMs) {
        return base.resolve("/" + path + "?delay=" + latencyMs);
    }

    /**
     * Checks one reply to {@code url} and returns its {@code msg} as text.
     *
     * @throws UnexpectedResponseException when the status, content type or body is not what this endpoint promises
     */
    public String check(URI url, Reply reply) throws UnexpectedResponseException {
        if (reply.status() != 200) {
            throw new UnexpectedResponseException("HTTP " + reply.status() + " from " + url + ": "
                    + abbreviate(reply.body()));
        }
        if (!reply.contentType().startsWith("application/json")) {
            throw new UnexpectedResponseException("Content-Type '" + reply.contentType() + "' from " + url
                    + ", expected application/json");
        }
        JsonNode msg;
        try {
            msg = JSON.readTree(reply.body()).path("msg");
        } catch (IOException e) {
            throw new UnexpectedResponseException("malformed JSON from " + url + ": " + abbreviate(reply.body()));
        }
        if (!accepts(msg)) {
            throw new UnexpectedResponseException("unexpected body from " + url + ": " + abbreviate(reply.body()));
        }
        return msg.asText();
    }

    private static String abbreviate(String body) {
        return body.length() <= 200 ? body : body.substring(0, 200) + "…";
    }

    /** A response that arrived but is not the one the endpoint promises. */
    public static final class UnexpectedResponseException extends IOException {
        private static final long serialVersionUID = 1L;

        public UnexpectedResponseException(String message) {
            super(message);
        }
    }
}
