package dev.fanout.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server as a real process ({@link ServerMain}), optionally under {@code ulimit -n}: what a
 * test needs to run it out of file descriptors without taking the test JVM down with it. Collects
 * everything it prints on stderr.
 */
final class ChildServer implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on http://([0-9.]+):(\\d+)");

    private final Process process;
    private final InetSocketAddress address;
    private final StringBuffer stderr;
    private final Thread stderrReader;

    private ChildServer(Process process, InetSocketAddress address, StringBuffer stderr, Thread stderrReader) {
        this.process = process;
        this.address = address;
        this.stderr = stderr;
        this.stderrReader = stderrReader;
    }

    /** Starts {@code ServerMain args} with at most {@code openFiles} file descriptors and waits for its listening line. */
    static ChildServer startWithOpenFileLimit(int openFiles, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of("bash", "-c", "ulimit -n " + openFiles + " && exec \"$@\"", "bash",
                // A zone with rules of its own: formatting a log line then needs the time-zone data, as on most
                // real machines (for UTC the JDK needs no data file).
                java, "-Duser.timezone=Europe/Berlin", "-cp", classpath, ServerMain.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        StringBuffer stderr = new StringBuffer();
        Thread reader = Thread.ofPlatform().daemon().name("child-server-stderr").start(() -> collect(process.getErrorStream(), stderr));
        BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = stdout.readLine();
        Matcher listening = LISTENING.matcher(String.valueOf(line));
        if (!listening.matches()) {
            process.destroyForcibly();
            throw new IOException("no listening line, got " + line + "; stderr: " + stderr);
        }
        return new ChildServer(process, new InetSocketAddress(listening.group(1), Integer.parseInt(listening.group(2))), stderr, reader);
    }

    private static void collect(InputStream in, StringBuffer into) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                into.append(line).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    InetSocketAddress address() {
        return address;
    }

    /** Waits up to 30 s for stderr to contain {@code pattern} (some lines are written after the event they report) and returns all of stderr. */
    String awaitStderr(Pattern pattern) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!pattern.matcher(stderr).find() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return stderr.toString();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        stderrReader.join(10_000);
    }
}
