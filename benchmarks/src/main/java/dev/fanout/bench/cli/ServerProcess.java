package dev.fanout.bench.cli;

import dev.fanout.bench.recording.CannotWriteException;
import dev.fanout.server.ServerMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The stub server as a child JVM on a free loopback port. Out of process, so the server never shares a
 * JIT, heap or GC with the client being measured; the same JDK and class path as the launcher, so it
 * needs nothing installed. It dies with the launcher: on exit, on Ctrl-C through a shutdown hook, and on
 * kill -9 by watching the launcher's process ({@code --parent-pid}).
 */
final class ServerProcess implements AutoCloseable {
    private static final long START_TIMEOUT_S = 30;

    /**
     * Fewer I/O threads than the server's own default (4 per core, sized for thousands of waiting
     * connections): here the server shares the cores with the client being measured, and fewer
     * threads answer more requests per wake-up, so they take less CPU from it. Measured on 2 cores,
     * FetchN N = 1000, two runs each: with 8 server threads every model's op took 4–7% longer than
     * with 2 (virtual threads 144–150 against 138–141 ms), while the server's lateness p99 only went
     * from 7 to 5 ms.
     */
    static final int IO_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());
    private static final String LISTENING = "listening on ";
    /**
     * The heap, and the direct memory Undertow's I/O buffers come from (by default as much as the heap). Over h2c
     * Undertow holds a pooled 16 KiB buffer for each frame it has queued on a connection, and a fan-out of 100,000 on
     * one connection queues its answers by the tens of thousands when their timers fire together: with 1 GiB the
     * server ran out of direct memory and closed the connection under every stream. The heap is fixed and touched at
     * start, in transparent huge pages, as the forks' is: a heap growing from 256 MiB took its page faults during the
     * measured ops (docs/spread.md, "The server's heap").
     */
    static final String HEAP = "2g";
    /** The seed of the server's delay draws, so that they repeat run to run. */
    static final long SEED = 42;
    static final String DIRECT_MEMORY = "4g";

    private final Process process;
    private final URI url;
    private final LogFile log;

    private ServerProcess(Process process, URI url, LogFile log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    /**
     * Starts the server and waits for its "listening on" line.
     *
     * @param logFile where the server's later output goes
     * @param prefix  what the server's command starts with: nothing, or {@code taskset -c CPUS}
     * @param more    the server's further arguments (a slowdown's {@code --slow-by})
     */
    static ServerProcess start(Path logFile, List<String> prefix, List<String> more) throws IOException {
        LogFile log = LogFile.create(logFile);
        List<String> command = new ArrayList<>(prefix);
        // The server stops when the launcher ends, however it ends: a kill -9 runs no shutdown hook.
        command.addAll(javaCommand(0, ProcessHandle.current().pid()));
        command.addAll(more);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        ServerProcess server = null;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<String> listening = CompletableFuture.supplyAsync(() -> awaitListening(out));
            String line = listening.get(START_TIMEOUT_S, TimeUnit.SECONDS);
            if (line == null) {
                throw new IOException("the stub server exited before listening (exit code "
                        + process.waitFor() + "); command: " + String.join(" ", command));
            }
            server = new ServerProcess(process, URI.create(line.substring(LISTENING.length()).trim()), log);
            drain(out, log);
            return server;
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IOException("the stub server did not start within " + START_TIMEOUT_S + " s: " + e, e);
        } finally {
            if (server == null) {
                process.destroyForcibly();
                log.close();
            }
        }
    }

    /**
     * The command that runs the server as the launcher runs it: this JVM's {@code java} and class path, the heap, I/O
     * threads and seed above, on loopback. {@code benchmarks.jar server-command} prints it for the scripts that measure
     * this server by itself ({@code server/perf/compare-nginx.sh}).
     *
     * @param port      where it listens, 0 for a free port
     * @param parentPid the process whose end stops the server
     */
    static List<String> javaCommand(int port, long parentPid) {
        String java = ProcessHandle.current().info().command().orElse("java");
        // G1 named, not left to the JVM's choice: on a machine it deems small (one CPU, under 1.8 GB) it would pick Serial.
        return List.of(java, "-XX:+UseG1GC", "-Xms" + HEAP, "-Xmx" + HEAP, "-XX:+AlwaysPreTouch", "-XX:+UseTransparentHugePages",
                "-XX:MaxDirectMemorySize=" + DIRECT_MEMORY, "-cp", System.getProperty("java.class.path"), ServerMain.class.getName(),
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--seed", Long.toString(SEED),
                "--io-threads", Integer.toString(IO_THREADS), "--parent-pid", Long.toString(parentPid));
    }

    /** Where the server listens. */
    URI url() {
        return url;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The first write to the server's log that failed, if one has. */
    Optional<CannotWriteException> logFailure() {
        return log.failure();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String awaitListening(BufferedReader out) {
        try {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(LISTENING)) {
                    return line;
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void drain(BufferedReader out, LogFile log) {
        PrintStream file = new PrintStream(log, true, StandardCharsets.UTF_8);
        Thread drainer = new Thread(() -> {
            try (file) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    file.println(line);
                }
            } catch (IOException e) {
                file.println("(server output ended: " + e + ")");
            }
        }, "stub-server-output");
        drainer.setDaemon(true);
        drainer.start();
    }
}
