package dev.fanout.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line: options, errors, the listening line, and stopping. */
class ServerMainTest {

    private static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:(\\d+))");

    @ParameterizedTest
    @ValueSource(strings = {"--port=x", "--port=70000", "--bogus", "--io-threads=0", "--default-delay=-1",
            "--default-delay=70000", "--max-delay=abc", "--seed=notanumber", "--header-timeout=0", "--max-connections=0", "stray"})
    void badOptionsExitWithTwoAndOneLine(String arg) {
        Captured run = run(arg);
        assertThat(run.exitCode).isEqualTo(ServerMain.USAGE_ERROR);
        assertThat(run.out).isEmpty();
        assertThat(run.err.lines().toList()).singleElement().asString().startsWith("stub-server: ");
    }

    @Test
    void helpListsTheOptionsAndExitsZero() {
        Captured run = run("--help");
        assertThat(run.exitCode).isZero();
        assertThat(run.out).contains("--host", "--port", "--io-threads", "--default-delay", "--max-delay", "--seed", "--header-timeout", "--max-connections", "--parent-pid", "--help");
        assertThat(run.err).isEmpty();
    }

    @Test
    void runPrintsTheListeningLineServesAndStopsWhenInterrupted() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AtomicInteger exitCode = new AtomicInteger(-1);
        Thread serving = new Thread(() -> exitCode.set(ServerMain.run(
                new String[] {"--port", "0", "--default-delay", "0"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err)));
        serving.start();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Matcher listening = LISTENING.matcher("");
        while (!listening.reset(out.toString(StandardCharsets.UTF_8)).find() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).matches("listening on http://127\\.0\\.0\\.1:\\d+\\R");
        URI base = URI.create(listening.group(1));
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve("/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.body()).isEqualTo("{\"msg\":\"ok\"}");
        }

        serving.interrupt();
        serving.join(10_000);
        assertThat(serving.isAlive()).isFalse();
        assertThat(exitCode).hasValue(0);
        assertRefused(Integer.parseInt(listening.group(2)));
    }

    @Test
    void aTakenPortIsAOneLineStartFailure() throws IOException {
        try (StubServer taken = StubServer.start(StubServerConfig.defaults().withPort(0))) {
            Captured run = run("--port", Integer.toString(taken.address().getPort()));
            assertThat(run.exitCode).isEqualTo(ServerMain.START_FAILED);
            assertThat(run.err.lines().toList()).singleElement().asString().startsWith("stub-server: cannot listen on 127.0.0.1:");
        }
    }

    /** As a real process: SIGTERM (what Process.destroy sends) stops it promptly and closes the port. */
    @Test
    void sigtermStopsAStandaloneServer() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process process = new ProcessBuilder(List.of(java, "-cp", classpath, ServerMain.class.getName(), "--port", "0"))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = stdout.readLine();
            assertThat(line).isNotNull();
            Matcher listening = LISTENING.matcher(line);
            assertThat(listening.matches()).as("first line: %s", line).isTrue();
            int port = Integer.parseInt(listening.group(2));
            try (Socket socket = new Socket("127.0.0.1", port)) {
                assertThat(socket.isConnected()).isTrue();
            }

            process.destroy();
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
            // 143 = 128 + SIGTERM: the JVM's exit status after running its shutdown hooks.
            assertThat(process.exitValue()).isIn(0, 143);
            assertRefused(port);
        } finally {
            process.destroyForcibly();
        }
    }

    /**
     * A server started with --parent-pid stops when that process ends, however it ends: here the parent is a
     * {@code sleep} killed with SIGKILL, as a launcher killed with kill -9 would be.
     */
    @Test
    void aServerStopsWhenItsParentProcessEndsEvenByKillDashNine() throws Exception {
        Process parent = new ProcessBuilder("sleep", "600").start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AtomicInteger exitCode = new AtomicInteger(-1);
        Thread serving = new Thread(() -> exitCode.set(ServerMain.run(
                new String[] {"--port", "0", "--parent-pid", Long.toString(parent.pid())},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))));
        serving.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            Matcher listening = LISTENING.matcher("");
            while (!listening.reset(out.toString(StandardCharsets.UTF_8)).find() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(listening.find(0)).as("listening: %s", out).isTrue();
            serving.join(500);
            assertThat(serving.isAlive()).as("serving while its parent lives").isTrue();

            parent.destroyForcibly().waitFor();
            serving.join(10_000);

            assertThat(serving.isAlive()).as("stopped after its parent ended").isFalse();
            assertThat(exitCode).hasValue(0);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("process " + parent.pid() + " ended; stopping");
            assertRefused(Integer.parseInt(listening.group(2)));
        } finally {
            parent.destroyForcibly();
            serving.interrupt();
        }
    }

    private static void assertRefused(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            throw new AssertionError("port " + port + " still accepts connections: " + socket);
        } catch (ConnectException expected) {
            // Nothing listens any more.
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private record Captured(int exitCode, String out, String err) {
    }

    private static Captured run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = ServerMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Captured(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
