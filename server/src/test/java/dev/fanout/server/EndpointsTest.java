package dev.fanout.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every endpoint over real HTTP: status, headers, JSON body, and that delays are honoured. */
class EndpointsTest {

    /** Upper slack on delays: generous because builds and benchmarks share the two cores. */
    private static final long SLACK_MS = 1_500;

    private static StubServer server;

    @BeforeAll
    static void start() {
        server = StubServer.start(StubServerConfig.defaults().withPort(0).withDefaultDelayMs(1000).withMaxDelayMs(10_000));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void rootAnswersOkAfterTheDefaultDelayOfOneSecond() {
        Http.Timed r = Http.get(server, "/");
        assertJson(r, 200);
        assertThat(r.response().body()).isEqualTo("{\"msg\":\"ok\"}");
        assertThat(r.millis()).isBetween(1000L, 1000L + SLACK_MS);
    }

    @Test
    void rootTakesADelayOverride() {
        Http.Timed r = Http.get(server, "/?delay=300");
        assertJson(r, 200);
        assertThat(r.json().get("msg").asText()).isEqualTo("ok");
        assertThat(r.millis()).isBetween(300L, 300L + SLACK_MS);
    }

    @Test
    void zeroDelayAnswersAtOnceAndKeepsTheConnectionAlive() {
        Http.Timed r = Http.get(server, "/?delay=0");
        assertJson(r, 200);
        assertThat(r.response().body()).isEqualTo("{\"msg\":\"ok\"}");
        assertThat(r.header("Connection")).isEqualToIgnoringCase("keep-alive");
        assertThat(r.header("Content-Length")).isEqualTo("12");
        assertThat(r.millis()).isLessThan(SLACK_MS);
    }

    @Test
    void randomAnswersADoubleInTheUnitInterval() {
        Http.Timed r = Http.get(server, "/random?delay=100");
        assertJson(r, 200);
        JsonNode msg = r.json().get("msg");
        assertThat(msg.isDouble()).as("msg is a JSON number: %s", r.response().body()).isTrue();
        assertThat(msg.asDouble()).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
        assertThat(r.millis()).isBetween(100L, 100L + SLACK_MS);
    }

    @Test
    void delayPathAnswersAfterExactlyThatDelay() {
        Http.Timed r = Http.get(server, "/delay/250");
        assertJson(r, 200);
        assertThat(r.response().body()).isEqualTo("{\"msg\":\"ok\",\"delay_ms\":250}");
        assertThat(r.millis()).isBetween(250L, 250L + SLACK_MS);
    }

    @Test
    void delayPathAcceptsZero() {
        Http.Timed r = Http.get(server, "/delay/0");
        assertJson(r, 200);
        assertThat(r.json().get("delay_ms").asLong()).isZero();
    }

    @Test
    void healthIsImmediate() {
        Http.Timed r = Http.get(server, "/health");
        assertJson(r, 200);
        assertThat(r.response().body()).isEqualTo("{\"status\":\"up\"}");
        assertThat(r.millis()).isLessThan(SLACK_MS);
    }

    @Test
    void statsHasTheDocumentedShape() {
        Http.Timed r = Http.get(server, "/stats");
        assertJson(r, 200);
        JsonNode stats = r.json();
        assertThat(stats.fieldNames()).toIterable()
                .containsExactly("uptime_ms", "io_threads", "requests", "responses", "in_flight", "max_in_flight", "lateness_ms", "refused_connections", "cpu_ms",
                        "connections", "streams");
        assertThat(stats.get("connections").fieldNames()).toIterable().containsExactly("open", "max_open", "opened");
        assertThat(stats.get("lateness_ms").fieldNames()).toIterable()
                .containsExactly("count", "mean", "p50", "p90", "p99", "p999", "max");
        assertThat(stats.get("responses").isObject()).isTrue();
    }

    @Test
    void unknownPathIs404Json() {
        Http.Timed r = Http.get(server, "/nope");
        assertJson(r, 404);
        assertThat(r.json().get("error").asText()).contains("/nope").contains("GET /delay/{ms}");
    }

    @ParameterizedTest
    @CsvSource({"POST,/,GET", "POST,/random,GET", "POST,/delay/5,GET", "POST,/health,GET", "POST,/stats,GET", "GET,/stats/reset,POST", "DELETE,/,GET"})
    void wrongMethodIs405JsonWithAllow(String method, String path, String allowed) {
        Http.Timed r = Http.send(server, method, path);
        assertJson(r, 405);
        assertThat(r.header("Allow")).isEqualTo(allowed);
        assertThat(r.json().get("error").asText()).contains(method).contains(allowed);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/?delay=abc                       | delay must be a whole number of milliseconds from 0 to 10000",
            "/?delay=-5                        | delay must be a whole number of milliseconds from 0 to 10000",
            "/?delay=1.5                       | delay must be a whole number",
            "/?delay=10001                     | from 0 to 10000",
            "/?delay=                          | delay must be a whole number",
            "/?delay=1&delay=2                 | delay was given 2 times",
            "/random?delay=99999999999999999999 | delay must be a whole number",
            "/?dist=gamma                      | dist must be one of fixed, uniform, exponential, lognormal",
            "/?dist=uniform&delay=100          | dist=uniform needs jitter",
            "/?dist=uniform&delay=100&jitter=200 | jitter must not exceed delay",
            "/?dist=uniform&delay=100&jitter=x | jitter must be a whole number",
            "/?dist=lognormal&delay=100        | dist=lognormal needs sigma",
            "/?dist=lognormal&sigma=0          | sigma must be a number with 0 < sigma <= 5.0",
            "/?dist=lognormal&sigma=NaN        | sigma must be a number",
            "/?dist=lognormal&sigma=9          | sigma must be a number",
            "/?dist=fixed&sigma=1              | sigma only applies to dist=lognormal",
            "/?dist=exponential&jitter=1       | jitter only applies to dist=uniform",
            "/?jitter=5                        | jitter only applies to dist=uniform, not dist=fixed",
            "/delay/abc                        | the {ms} of /delay/{ms} must be a whole number",
            "/delay/-1                         | must be a whole number",
            "/delay/10001                      | from 0 to 10000",
            "/delay/                           | must be a whole number",
            "/delay/5?delay=7                  | /delay/{ms} takes its delay from the path only",
    })
    void badInputIs400WithAnExplanation(String pathAndQuery, String expectedMessage) {
        Http.Timed r = Http.get(server, pathAndQuery);
        assertJson(r, 400);
        assertThat(r.json().get("error").asText()).contains(expectedMessage);
        assertThat(r.millis()).as("a bad request is answered at once").isLessThan(SLACK_MS);
    }

    @Test
    void uniformDelaysStayWithinDelayPlusMinusJitter() {
        for (int i = 0; i < 5; i++) {
            Http.Timed r = Http.get(server, "/?dist=uniform&delay=200&jitter=100");
            assertJson(r, 200);
            assertThat(r.millis()).isBetween(100L, 300L + SLACK_MS);
        }
    }

    @Test
    void exponentialAndLognormalAnswer() {
        assertJson(Http.get(server, "/?dist=exponential&delay=20"), 200);
        assertJson(Http.get(server, "/random?dist=lognormal&delay=20&sigma=0.5"), 200);
        assertJson(Http.get(server, "/?dist=fixed&delay=10"), 200);
    }

    @Test
    void unrelatedQueryParametersAreIgnored() {
        assertJson(Http.get(server, "/?delay=0&cachebust=123"), 200);
    }

    private static void assertJson(Http.Timed r, int status) {
        assertThat(r.status()).as("status of %s", r.response().body()).isEqualTo(status);
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
    }
}
