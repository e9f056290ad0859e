package dev.fanout.server;

import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Command line: {@code java -jar stub-server.jar [options]}. Prints {@code listening on http://HOST:PORT}
 * once it accepts connections and runs until SIGTERM/Ctrl-C. The benchmarks jar's
 * {@code server} subcommand calls {@link #main} as is.
 */
public final class ServerMain {

    /** Exit code for bad command-line options. */
    public static final int USAGE_ERROR = 2;
    /** Exit code when valid options still cannot start a server, e.g. the port is taken. */
    public static final int START_FAILED = 1;

    /** Held so the level set below is not lost when JUL garbage-collects an unreferenced logger. */
    private static final Logger[] QUIETED = {Logger.getLogger("org.xnio"), Logger.getLogger("io.undertow"), Logger.getLogger("org.jboss.threads")};

    @Command(name = "stub-server", sortOptions = false,
            description = "A latency stub: JSON endpoints that answer after a delay without holding a thread.")
    private static final class Options {
        private final StubServerConfig defaults = StubServerConfig.defaults();

        @Option(names = "--host", paramLabel = "HOST", description = "Interface to bind (default: ${DEFAULT-VALUE}).")
        String host = defaults.host();

        @Option(names = "--port", paramLabel = "PORT", description = "TCP port, 0 for any free port (default: ${DEFAULT-VALUE}).")
        int port = defaults.port();

        @Option(names = "--io-threads", paramLabel = "N", description = "XNIO I/O threads (default: " + StubServerConfig.IO_THREADS_PER_CORE + " per core = ${DEFAULT-VALUE}).")
        int ioThreads = defaults.ioThreads();

        @Option(names = "--default-delay", paramLabel = "MS", description = "Delay of GET / and GET /random without ?delay= (default: ${DEFAULT-VALUE}).")
        long defaultDelayMs = defaults.defaultDelayMs();

        @Option(names = "--max-delay", paramLabel = "MS", description = "Largest delay a request may ask for (default: ${DEFAULT-VALUE}).")
        long maxDelayMs = defaults.maxDelayMs();

        @Option(names = "--seed", paramLabel = "S", description = "Seed of the random delays and /random values (default: a random seed).")
        Long seed;

        @Option(names = "--header-timeout", paramLabel = "MS",
                description = "Close a connection that has sent part of a request's headers but not all within this time (default: ${DEFAULT-VALUE}).")
        int headerTimeoutMs = defaults.headerTimeoutMs();

        @Option(names = "--max-connections", paramLabel = "N",
                description = "Connections served at once; more are answered 503 and closed (default: as many as ulimit -n allows).")
        Integer maxConnections = defaults.maxConnections();

        @Option(names = "--slow-by", paramLabel = "PERCENT",
                description = "Answer every delayed request this much later than it asks, e.g. 15: a real slowdown, for"
                        + " measuring what a benchmark gate catches (default: ${DEFAULT-VALUE}).")
        double slowByPercent = defaults.slowByPercent();

        @Option(names = "--h2c", negatable = true, fallbackValue = "true",
                description = "Speak HTTP/2 in cleartext on the port besides HTTP/1.1, by prior knowledge and by Upgrade: h2c;"
                        + " --no-h2c for HTTP/1.1 alone (default: ${DEFAULT-VALUE}).")
        boolean h2c = defaults.h2c();

        @Option(names = "--max-streams", paramLabel = "N",
                description = "The most streams an HTTP/2 connection may have open at once, sent in its SETTINGS (default: no limit).")
        Integer maxStreams = defaults.maxStreams();

        @Option(names = "--parent-pid", paramLabel = "PID",
                description = "Stop when process PID ends: a launcher that starts this server passes its own, so the server"
                        + " never outlives it, however it ends (kill -9 included).")
        Long parentPid;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
        boolean help;

        StubServerConfig toConfig() {
            return new StubServerConfig(host, port, ioThreads, defaultDelayMs, maxDelayMs, seed, headerTimeoutMs, maxConnections,
                    slowByPercent, h2c, maxStreams);
        }
    }

    private ServerMain() {
    }

    public static void main(String[] args) {
        int exitCode = run(args, System.out, System.err);
        // Exit 0 needs no System.exit: after a signal the JVM is already shutting down, and calling it then would deadlock.
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    /**
     * Parses {@code args}, serves until the JVM shuts down or the calling thread is interrupted, and
     * returns the exit code: 0 after a clean stop or {@code --help}, {@value #USAGE_ERROR} for bad
     * options (one line on {@code err}), {@value #START_FAILED} if the server cannot start.
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options options = new Options();
        CommandLine commandLine = new CommandLine(options);
        StubServerConfig config;
        try {
            commandLine.parseArgs(args);
            if (commandLine.isUsageHelpRequested()) {
                commandLine.usage(out);
                out.flush();
                return 0;
            }
            config = options.toConfig();
        } catch (CommandLine.ParameterException | IllegalArgumentException e) {
            err.println("stub-server: " + oneLine(e.getMessage()) + " (see --help)");
            err.flush();
            return USAGE_ERROR;
        }

        for (Logger logger : QUIETED) {
            logger.setLevel(Level.WARNING);
        }
        StubServer server;
        try {
            server = StubServer.start(config, err);
        } catch (RuntimeException e) {
            err.println("stub-server: cannot listen on " + config.host() + ":" + config.port() + ": " + oneLine(String.valueOf(rootCause(e).getMessage())));
            err.flush();
            return START_FAILED;
        }
        return serveUntilStopped(server, options.parentPid, out, err);
    }

    private static int serveUntilStopped(StubServer server, Long parentPid, PrintStream out, PrintStream err) {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread shutdownHook = new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "stub-server-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        if (parentPid != null) {
            // The JDK watches a process that is not our child by polling it; a signal to the parent could not be
            // relied on to reach us, and kill -9 sends none.
            ProcessHandle.of(parentPid).map(ProcessHandle::onExit).orElse(CompletableFuture.completedFuture(null))
                    .thenRun(() -> {
                        err.println("stub-server: process " + parentPid + " ended; stopping");
                        err.flush();
                        stopped.countDown();
                    });
        }
        out.println("listening on " + server.baseUri());
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running or about to; closing twice is harmless.
        }
        server.close();
        return 0;
    }

    private static Throwable rootCause(Throwable t) {
        Throwable cause = t;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String oneLine(String message) {
        return message == null ? "invalid arguments" : message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
