package dev.fanout.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: started with {@code ulimit -n 1024} and hit by 3,000 concurrent requests, the server
 * answered none of them and afterwards closed every connection without an answer, for good. The
 * first accept that failed for want of a file descriptor logged a warning; formatting it loaded the
 * time-zone data, which needs a file, so {@code ZoneInfoFile} failed to initialise and stays
 * failed; so does every class that touches a time zone later, including Undertow's {@code Date}
 * header and Jackson. Here the server runs as a child process under a low {@code ulimit -n} and
 * is flooded with more connections than it has descriptors.
 */
class FdExhaustionTest {

    private static final int OPEN_FILES = 200;
    private static final Pattern REFUSED = Pattern.compile("stub-server: refused \\d+ connections? in the last 1000 ms with 503: (\\d+) already served");

    /**
     * The default {@code --max-connections} leaves descriptors to the server, so a flood meets 503s,
     * not failing accepts: each connection is either served or told why not. The cap the server
     * worked out is read from its refusal line.
     */
    @Test
    void withTheDefaultCapAFloodIsServedOrRefusedWith503AndLogged() throws Exception {
        try (ChildServer server = ChildServer.startWithOpenFileLimit(OPEN_FILES, "--port", "0", "--io-threads", "2")) {
            Map<String, Integer> outcomes = Flood.of(server.address(), 3 * OPEN_FILES, "/?delay=1000");

            String log = server.awaitStderr(REFUSED);
            Matcher refused = REFUSED.matcher(log);
            assertThat(refused.find()).as("refusals logged: %s", log).isTrue();
            int cap = Integer.parseInt(refused.group(1));
            assertThat(cap).as("the cap, out of %d descriptors", OPEN_FILES).isBetween(1, OPEN_FILES - ConnectionGate.REFUSAL_HEADROOM);
            assertThat(log).doesNotContain("Too many open files", "warning");

            assertThat(outcomes).as("every connection answered").containsOnlyKeys("200", "503");
            assertThat(outcomes.get("200")).as("served: as many at once as the cap, again as places free up").isGreaterThanOrEqualTo(cap);
            try (RawConnection after = new RawConnection(server.address())) {
                assertThat(after.get("/health").status()).isEqualTo(200);
                assertThat(after.get("/?delay=0").status()).isEqualTo(200);
                JsonNode stats = after.get("/stats").json();
                assertThat(stats.get("max_in_flight").asInt()).as("never more than the cap at once").isLessThanOrEqualTo(cap);
                assertThat(stats.get("refused_connections").asInt()).isEqualTo(outcomes.get("503"));
            }
        }
    }

    /**
     * Told to take more connections than it has descriptors, the server runs out: accepts fail and
     * XNIO pauses them. Nothing may break for good: every connection is served in the end, the
     * server answers afterwards, and the log says what happened.
     */
    @Test
    void withACapAboveTheDescriptorsFailingAcceptsPauseAndTheServerRecovers() throws Exception {
        try (ChildServer server = ChildServer.startWithOpenFileLimit(OPEN_FILES, "--port", "0", "--io-threads", "2", "--max-connections", "1000")) {
            Map<String, Integer> outcomes = Flood.of(server.address(), 3 * OPEN_FILES, "/?delay=1000");

            assertThat(outcomes).as("every connection answered, none closed without an answer").containsOnlyKeys("200");
            try (RawConnection after = new RawConnection(server.address())) {
                assertThat(after.get("/health").status()).isEqualTo(200);
                assertThat(after.get("/?delay=0").status()).isEqualTo(200);
            }
            String log = server.awaitStderr(Pattern.compile("Too many open files"));
            assertThat(log).contains("stub-server: warning: 1000 connections (--max-connections) need more file descriptors than are left (ulimit -n 200,");
            assertThat(log).contains("Socket accept failed");
        }
    }
}
