package dev.fanout.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What compare-nginx.sh runs: the printed command must start the server the launcher starts, and stop with its parent. */
class ServerCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return ServerCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void thePrintedCommandStartsTheLaunchersServerOnTheGivenPort() throws Exception {
        assertThat(run("--port", "0", "--parent-pid", Long.toString(ProcessHandle.current().pid()))).isZero();
        List<String> command = out.toString(StandardCharsets.UTF_8).lines().toList();

        Process server = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            // A JVM warning (huge pages unavailable, ...) may come first on the merged output.
            String listening = lines.readLine();
            while (listening != null && !listening.startsWith("listening on ")) {
                listening = lines.readLine();
            }
            assertThat(listening).startsWith("listening on http://127.0.0.1:");
            URI stats = URI.create(listening.substring("listening on ".length()) + "/stats");
            try (HttpClient client = HttpClient.newHttpClient()) {
                String body = client.send(HttpRequest.newBuilder(stats).build(), HttpResponse.BodyHandlers.ofString()).body();
                assertThat(body).contains("\"io_threads\":" + ServerProcess.IO_THREADS + ",");
            }
        } finally {
            server.destroyForcibly().waitFor();
        }
    }

    @Test
    void theCommandHasTheLaunchersHeapAndNamesTheServersParentAndPort() {
        assertThat(run("--port", "18000", "--parent-pid", "4242")).isZero();

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("\n-Xms" + ServerProcess.HEAP + "\n-Xmx" + ServerProcess.HEAP + "\n-XX:+AlwaysPreTouch\n",
                "\n--port\n18000\n", "\n--parent-pid\n4242\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void withoutAParentOrWithABadPortItIsBadInput() {
        assertThat(run("--port", "18000")).isEqualTo(2);
        assertThat(run("--port", "70000", "--parent-pid", "1")).isEqualTo(2);

        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).satisfiesExactly(
                missing -> assertThat(missing).startsWith("server-command: Missing required option: '--parent-pid=PID'"),
                port -> assertThat(port).startsWith("server-command: --port must be 0 to 65535"));
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
