package dev.fanout.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A real HTTP/1.1 client for the tests, plus JSON parsing of the answers. */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private Http() {
    }

    /** A response and how long it took, measured around the whole exchange. */
    record Timed(HttpResponse<String> response, long millis) {
        int status() {
            return response.statusCode();
        }

        JsonNode json() {
            return Http.json(response.body());
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }

    static Timed get(StubServer server, String pathAndQuery) {
        return send(HttpRequest.newBuilder(uri(server, pathAndQuery)).GET());
    }

    static Timed post(StubServer server, String pathAndQuery) {
        return send(HttpRequest.newBuilder(uri(server, pathAndQuery)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    static Timed send(StubServer server, String method, String pathAndQuery) {
        return send(HttpRequest.newBuilder(uri(server, pathAndQuery)).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    static JsonNode stats(StubServer server) {
        return get(server, "/stats").json();
    }

    static URI uri(StubServer server, String pathAndQuery) {
        return URI.create(server.baseUri() + pathAndQuery);
    }

    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + body, e);
        }
    }

    private static Timed send(HttpRequest.Builder request) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = CLIENT.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return new Timed(response, (System.nanoTime() - start) / 1_000_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
