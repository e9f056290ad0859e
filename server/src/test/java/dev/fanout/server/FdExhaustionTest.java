package dev.fanout.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
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

    @Test
    void aServerOutOfFileDescriptorsAnswersWhatItCanLogsItAndRecovers() throws Exception {
        try (ChildServer server = ChildServer.startWithOpenFileLimit(OPEN_FILES, "--port", "0", "--io-threads", "2")) {
            Map<String, Integer> outcomes = Flood.of(server.address(), 3 * OPEN_FILES, "/?delay=1000");

            assertThat(outcomes).as("every connection answered, none closed without an answer").containsOnlyKeys("200");
            try (RawConnection after = new RawConnection(server.address())) {
                assertThat(after.get("/health").status()).isEqualTo(200);
                assertThat(after.get("/?delay=0").status()).isEqualTo(200);
            }
            assertThat(server.awaitStderr(Pattern.compile("Too many open files"))).contains("Socket accept failed");
        }
    }
}
