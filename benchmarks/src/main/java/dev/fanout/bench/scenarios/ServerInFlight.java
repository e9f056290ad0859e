package dev.fanout.bench.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.OptionalLong;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The server's side of the in-flight count: the stub server's {@code /stats} keeps the most requests it
 * held at once since {@code POST /stats/reset}. It cross-checks the client's own count, so a lock that let
 * two requests out at once cannot hide behind a client-side counting mistake. Servers without
 * {@code /stats} (the article's FastAPI one) give no count.
 */
public final class ServerInFlight {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OkHttpClient client;
    private final HttpUrl base;

    public ServerInFlight(OkHttpClient client, HttpUrl base) {
        this.client = client;
        this.base = base;
    }

    /** Starts a new count; {@code false} when the server has no {@code /stats}. */
    public boolean reset() {
        Request reset = new Request.Builder().url(base.resolve("/stats/reset")).post(RequestBody.EMPTY).build();
        try (Response response = client.newCall(reset).execute()) {
            return response.isSuccessful();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The most requests the server held at once since the last reset, this query included, or empty when
     * the server has no {@code /stats}.
     */
    public OptionalLong max() {
        try (Response response = client.newCall(new Request.Builder().url(base.resolve("/stats")).build()).execute()) {
            if (response.code() != 200) {
                return OptionalLong.empty();
            }
            JsonNode max = JSON.readTree(response.body().string()).path("max_in_flight");
            return max.isNumber() ? OptionalLong.of(max.asLong()) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }
}
