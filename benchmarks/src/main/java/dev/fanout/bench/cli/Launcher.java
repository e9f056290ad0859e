package dev.fanout.bench.cli;

import dev.fanout.bench.jmh.ForkEnvironment;
import dev.fanout.bench.recording.AtomicFiles;
import dev.fanout.bench.recording.CannotWriteException;
import dev.fanout.bench.recording.ResultsLayout;
import dev.fanout.bench.recording.Slowdown;
import dev.fanout.bench.recording.TrialMerger;
import dev.fanout.bench.suite.Params;
import dev.fanout.server.StubServerConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code java -jar benchmarks.jar [options] [JMH options]}: starts the stub server, runs a profile's trials
 * through JMH one at a time, keeps the results on disk after each, and ends with a table of every op time
 * beside its physical limit and the line {@code results: DIR}.
 */
@Command(name = "java -jar benchmarks.jar", sortOptions = false, usageHelpAutoWidth = true,
        description = {
                "Runs a fan-out (N requests to a stub server that answers after L ms) through every concurrency "
                        + "model, the article's scenarios and several HTTP clients, and reports each op time beside its "
                        + "two bounds: L x ceil(N/k), and the CPU the op needs on these cores.",
                "",
                "Subcommands: 'server [options]' runs the stub server alone; 'server-command --parent-pid PID'"
                        + " prints the command this launcher starts it with; 'compare BASELINE CURRENT' compares two runs.",
                "Any other option is JMH's (see -h): a benchmark regex, -p name=v1,v2, -f, -i, -wi, -r, -w, -prof, "
                        + "-jvmArgsAppend ...",
                "",
                "The params -p sets:",
                "${sys:" + Launcher.PARAMS_PROPERTY + "}",
                ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every trial measured",
                "1:a trial failed, the server stopped answering, or the results could not be written",
                "2:bad options, another run holding JMH's lock, or a server that does not answer as the benchmarks need",
                "130, 143:interrupted by Ctrl-C or SIGTERM (the trials measured are kept)"})
final class Launcher implements Callable<Integer> {
    /** Past this the server, not the client, would be what gets measured: refuse to run. */
    private static final double BROKEN_SERVER_LATENESS_MS = 500;
    /** Past this the machine is too busy for clean numbers: run, but say so. */
    private static final double NOISY_SERVER_LATENESS_MS = 10;
    /** What the check after every trial writes: about a trial's record and histogram logs at N = 1000. */
    private static final int WRITE_CHECK_BYTES = 64 * 1024;
    /** 128 + SIGINT, what a shell expects of a program stopped by Ctrl-C. */
    private static final int INTERRUPTED = 130;
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    @Option(names = "--profile", paramLabel = "NAME", defaultValue = "default",
            description = "${sys:" + PROFILES_PROPERTY + "}. Default: ${DEFAULT-VALUE}.")
    private Profile profile;

    @Option(names = "--server-url", paramLabel = "URL",
            description = "Measure against a running server instead of starting the stub server.")
    private String serverUrl;

    @Option(names = "--results", paramLabel = "DIR",
            description = "Where to write the results. Default: results/runs/<UTC time>-<profile>/.")
    private Path results;

    @Option(names = "--list", description = "Print the trials and an estimate of the time they take, and exit.")
    private boolean list;

    @Option(names = "--charts", description = "After the run, draw its charts with analysis.ipynb (needs jupyter"
            + " and the notebook in the current folder).")
    private boolean charts;

    @Option(names = "--no-footprint", description = "Leave out the footprint profiler, which otherwise measures"
            + " threads, memory, allocation, CPU and pinning for every trial (docs/profiler.md); the ci and seed"
            + " profiles leave it out anyway.")
    private boolean noFootprint;

    @Option(names = "--no-aot-training", description = "Leave out the training fork that each trial of N >= 10,000"
            + " otherwise runs first, not measured, for its measured forks to start from its compilers' profiles (JDK"
            + " 25's AOT cache; docs/spread.md): without it the compilers work in those forks' measured ops, and the"
            + " forks differ more. On an older JDK there is no training.")
    private boolean noAotTraining;

    @Option(names = "--code-warm-up", paramLabel = "TIME", description = "How long each fork runs the workload at most"
            + " before JMH's iterations, until the compilers go quiet (in JMH's time format, as -w: 500ms, 2s; default:"
            + " ${sys:" + CODE_WARM_UP_PROPERTY + "}; one op at least): shorter for a check that needs no compiled"
            + " code, longer to see what more warm-up does. Recorded in meta.json; compare says when two runs differ"
            + " in it.")
    private String codeWarmUp;

    @Option(names = "--limit", paramLabel = "X", defaultValue = "2",
            description = "Service mode: a step holds while its p99 response time is within X times the ideal of one"
                    + " fan-out, and the clients are sized for the requests in flight at that time (default:"
                    + " ${DEFAULT-VALUE}; docs/service.md).")
    private double limitPerIdeal;

    @Option(names = "--shuffle", paramLabel = "SEED", description = "Run the trials in an order shuffled with this"
            + " seed (a sweep's steps stay together), recorded in meta.json: a trial's figure should not depend on"
            + " what ran before it, and this shows whether it does.")
    private Long shuffleSeed;

    @Option(names = "--interleave-forks", description = "Run each trial of several forks one fork at a time, spread over"
            + " the run in rounds (a fork of every such trial, then a second...), rather than its forks back to back: a"
            + " slow stretch of the machine then meets one fork of each trial, not all the forks of a few. Recorded in"
            + " meta.json.")
    private boolean interleaveForks;

    @Option(names = "--pin-cpus", paramLabel = "SERVER:CLIENT", description = "Pin the stub server to one set of CPUs"
            + " and the launcher and its forks to another, with taskset: e.g. 0:1. The client then has fewer cores;"
            + " recorded in meta.json.")
    private String pinCpus;

    @Option(names = "--slow-server-by", paramLabel = "PERCENT", defaultValue = "0", description = "Have the stub server"
            + " the launcher starts answer every delayed request this much later than asked (its --slow-by): a real"
            + " slowdown of the server that keeps every trial's params, for measuring what compare catches"
            + " (benchmarks/perf/gate-power.sh); recorded in meta.json. Default: ${DEFAULT-VALUE}.")
    private double slowServerByPercent;

    @Option(names = "--slow-client-by", paramLabel = "MICROS", defaultValue = "0", description = "Add this much CPU"
            + " work, µs, to every response of every Java trial, on top of its cpuMicros: a real slowdown of the client"
            + " that keeps every trial's params, for measuring what compare catches (benchmarks/perf/gate-power.sh);"
            + " recorded in meta.json and in every trial's details. Default: ${DEFAULT-VALUE}.")
    private long slowClientByMicros;

    /** The two options above, checked. */
    private Slowdown slowdown = Slowdown.NONE;

    @Option(names = "--help", usageHelp = true, description = "Show this help (JMH's own: -h).")
    private boolean help;

    @Unmatched
    private List<String> jmhArgs = new ArrayList<>();

    private final PrintStream out;
    private final PrintStream err;
    private final List<String> commandLine;

    private Launcher(PrintStream out, PrintStream err, List<String> commandLine) {
        this.out = out;
        this.err = err;
        this.commandLine = commandLine;
    }

    /** Where --help finds the profiles and their estimates, computed here rather than written into the help. */
    private static final String PROFILES_PROPERTY = "fanout.help.profiles";
    /** Where --help finds the default code warm-up, from its declaration. */
    private static final String CODE_WARM_UP_PROPERTY = "fanout.help.code-warm-up";
    /** Where --help finds the params, from their declarations. */
    static final String PARAMS_PROPERTY = "fanout.help.params";

    /** Runs the launcher on {@code args} and returns its exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (List.of(args).contains("--help")) {
            int cores = Runtime.getRuntime().availableProcessors();
            System.setProperty(PROFILES_PROPERTY, Arrays.stream(Profile.values()).map(p -> p.id() + " (" + p.purpose()
                    + ", about " + Format.duration(Plan.estimate(p, cores)) + ")").collect(Collectors.joining(", ")));
            System.setProperty(CODE_WARM_UP_PROPERTY, Format.duration(ForkEnvironment.DEFAULT_CODE_WARM_UP));
            System.setProperty(PARAMS_PROPERTY, Params.ALL.stream().map(param -> "  " + param.name() + ": " + param.help())
                    .collect(Collectors.joining("%n")));
        }
        CommandLine cli = new CommandLine(new Launcher(out, err, List.of(args)))
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setUnmatchedArgumentsAllowed(true)
                .setOut(new java.io.PrintWriter(out, true))
                .setErr(new java.io.PrintWriter(err, true))
                .setParameterExceptionHandler((e, a) -> {
                    err.println("error: " + e.getMessage() + " (see --help)");
                    return 2;
                });
        return cli.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        JmhArguments jmh;
        Plan plan;
        CpuPinning pinning;
        try {
            jmh = JmhArguments.parse(jmhArgs);
            if (jmh.wantsJmhInformation()) {
                jmh.showJmhInformation();
                return 0;
            }
            pinning = pinCpus == null ? null : CpuPinning.parse(pinCpus);
            slowdown = slowdown(slowServerByPercent, slowClientByMicros);
            if (slowServerByPercent > 0 && serverUrl != null) {
                throw new IllegalArgumentException("--slow-server-by slows the stub server the launcher starts; start"
                        + " the server given with --server-url with its own --slow-by");
            }
            if (!(limitPerIdeal >= 1)) {
                throw new IllegalArgumentException("--limit must be at least 1 (no response beats the ideal), got "
                        + limitPerIdeal);
            }
            plan = Plan.of(profile, jmh, Machine.here(), !noFootprint, limitPerIdeal,
                    new TrialOrder(shuffleSeed, interleaveForks), !noAotTraining && Plan.AOT_CACHE_SUPPORTED,
                    codeWarmUp == null ? ForkEnvironment.DEFAULT_CODE_WARM_UP : codeWarmUp(codeWarmUp));
        } catch (CommandLineOptionException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage() + " (see --help)");
            return 2;
        }
        if (plan.trials().isEmpty()) {
            err.println("error: nothing to run: " + (plan.skipped().isEmpty()
                    ? "no trial of profile " + profile.id() + " matches " + jmhArgs
                    : String.join("; ", plan.skipped())));
            return 2;
        }
        if (list) {
            printPlan(plan);
            return 0;
        }
        URI url = null;
        if (serverUrl != null) {
            url = ServerUrls.parse(serverUrl);
            if (url == null) {
                err.println("error: --server-url must be the root of an http server, like http://127.0.0.1:8000, got "
                        + serverUrl);
                return 2;
            }
        }
        if (charts && !Charts.notebookHere()) {
            err.println("error: " + Charts.NO_NOTEBOOK);
            return 2;
        }
        // Before anything is started or made: a second run refused late would leave a folder and a server behind.
        RunLock lock;
        try {
            lock = RunLock.take();
        } catch (RunLock.Taken e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        try (lock) {
            Path dir;
            try {
                dir = ResultsFolder.prepare(results != null ? results : Path.of("results", "runs",
                        ZonedDateTime.now(ZoneOffset.UTC).format(RUN_TIME) + "-" + profile.id()));
            } catch (ResultsFolder.Refused e) {
                err.println("error: " + e.getMessage());
                return 2;
            }
            try {
                return measure(plan, jmh, dir, url, lock, pinning);
            } catch (CannotWriteException e) {
                err.println("error: " + e.getMessage());
                return 1;
            }
        }
    }

    private void printPlan(Plan plan) {
        out.println(plan.trials().size() + " trials, about " + Format.duration(plan.estimate()) + ":");
        plan.turns().forEach(t -> out.println("  " + t.label() + "  (ideal " + Format.millis(t.trial().idealMs()) + ")"));
        printSkipped(plan);
    }

    private void printSkipped(Plan plan) {
        if (!plan.skipped().isEmpty()) {
            out.println("skipped:");
            plan.skipped().forEach(s -> out.println("  " + s));
        }
    }

    /**
     * @param url     the server to measure against, or null to start the stub server as a child process
     * @param pinning where the server and the client run, or null for every core alike
     */
    private int measure(Plan plan, JmhArguments jmh, Path dir, URI url, RunLock lock, CpuPinning pinning)
            throws IOException {
        RunMeta meta = new RunMeta(profile, commandLine, plan, pinning, slowdown);
        RunWriter writer = new RunWriter(dir, Runtime.getRuntime().availableProcessors(), plan.limitPerIdeal());
        Interruption interruption = Interruption.onShutdown(() -> {
            // Nothing recorded from now on (a trial being written is written whole first), and no process of the
            // run left: done again until the trial in progress has ended.
            writer.stop();
            stopDescendants();
        }, () -> {
            // What was measured is kept first; then the forks' staging and temporary files go, which a fork that
            // outlived the interruption's patience could still be writing: a removal that fails then is only noted.
            meta.interrupted(writer.rows());
            writeQuietly(meta, dir);
            try {
                TrialMerger.discardUnmerged(dir);
                ResultsLayout.removeForkTemp(dir);
            } catch (UncheckedIOException e) {
                err.println();
                err.println("note: " + e.getMessage());
            }
            err.println();
            err.println("interrupted; " + writer.rows().size() + " trials kept in " + dir);
        });
        try {
            meta.write(dir);
        } catch (CannotWriteException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
        ServerProcess child = null;
        try {
            if (url == null) {
                child = ServerProcess.start(dir.resolve("server.log"),
                        pinning == null ? List.of() : pinning.serverPrefix(), serverArguments(slowdown));
                ServerProcess started = child;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> stopEverything(started), "stop-children"));
            }
            try (ServerProbe probe = new ServerProbe(url == null ? child.url() : url, child, plan.protocols())) {
                if (pinning != null) {
                    pinning.pinLauncher();
                    meta.pinned(CpuPinning.allowedCpus(child == null ? -1 : child.pid()),
                            CpuPinning.allowedCpus(ProcessHandle.current().pid()));
                }
                meta.server(probe.base().toString(), child != null);
                return measure(plan, jmh, dir, probe, meta, writer, interruption, lock, child);
            }
        } finally {
            // However the run ended by itself (measured, or stopped before its trials), its exit is no interruption.
            interruption.runEnded();
            if (child != null) {
                child.close();
            }
        }
    }

    /**
     * Loads the JMH classes the launcher itself uses before it prints anything. On JDK 24+ the first of them
     * to load makes the JVM warn, on the stderr it was started with and beyond any redirection, that JMH uses
     * sun.misc.Unsafe; loaded here, the warning comes first rather than in the middle of a progress line.
     */
    private static void loadJmhInfrastructure() {
        try {
            Class.forName(BenchmarkParams.class.getName(), true, Launcher.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("JMH is missing from the class path", e);
        }
    }

    /** @param child the stub server the launcher started, or null when it measures against a server of the user's */
    private int measure(Plan plan, JmhArguments jmh, Path dir, ServerProbe probe, RunMeta meta, RunWriter writer,
                        Interruption interruption, RunLock lock, ServerProcess child) throws IOException {
        if (!probe.answers()) {
            return stopBeforeTheTrials(meta, dir, 1, "no server answers at " + probe.base());
        }
        String wrong = probe.answersLikeTheStub();
        if (wrong != null) {
            return stopBeforeTheTrials(meta, dir, 2, "the server at " + probe.base() + " does not answer as the"
                    + " benchmarks need: " + wrong);
        }
        boolean childServer = serverUrl == null;
        loadJmhInfrastructure();
        out.println("server: " + probe.base() + (childServer ? " (child process, log in server.log)" : ""));
        Optional<Double> lateness;
        try {
            lateness = probe.selfCheck();
        } catch (IOException e) {
            return stopBeforeTheTrials(meta, dir, 1, "server self-check failed: " + e.getMessage());
        }
        lateness.ifPresentOrElse(
                p99 -> out.printf("server self-check: timer lateness p99 %.2f ms over 200 concurrent requests%n", p99),
                () -> out.println("server self-check: the server has no /stats; its lateness cannot be shown"));
        if (lateness.isPresent() && lateness.get() > BROKEN_SERVER_LATENESS_MS) {
            return stopBeforeTheTrials(meta, dir, 1, String.format(Locale.ROOT, "the server is %.0f ms late at p99"
                    + " before any benchmark: it would be measured instead of the client", lateness.get()));
        }
        if (lateness.isPresent() && lateness.get() > NOISY_SERVER_LATENESS_MS) {
            out.printf("note: the server was %.0f ms late at p99 for a burst of 200 requests (a busy machine, or its"
                    + " JIT still at work); each trial's own lateness is in summary.csv%n", lateness.get());
        }
        probe.stats().ifPresent(s -> meta.serverStats("self_check", s));
        Calibration calibration = Calibration.measure(probe.base(), probe::stats);
        out.printf(Locale.ROOT, "calibration: a fixed loop %.1f ms, a thread started %.0f us, a loopback request %s%n",
                calibration.cpuLoopMs(), calibration.threadStartUs(), calibration.loopbackClientCpuUs() == null
                        ? "not measured (the server did not answer in time and as HTTP/1.1 with a Content-Length)"
                        : String.format(Locale.ROOT, "%.1f us of client CPU", calibration.loopbackClientCpuUs()));
        meta.calibration(calibration);
        meta.write(dir);
        printSkipped(plan);
        out.println(plan.trials().size() + " trials, about " + Format.duration(plan.estimate())
                + "; JMH's output goes to " + dir.resolve("jmh.log"));

        List<String> forkArguments = new ArrayList<>(List.of(
                // Netty loads its epoll transport with System.loadLibrary, which JDK 24 and later warn about.
                "--enable-native-access=ALL-UNNAMED",
                // A heap of fixed size, touched before the first op (docs/spread.md): with the JVM's default, a heap
                // that grows, each fork paid for the first touch of its memory during its measured ops, and at
                // N = 10,000 the event loop took 889 to 1,237 ms in five launches, 82 to 119 µs of client CPU a
                // request; with a fixed 1 GiB heap touched at start, in transparent huge pages (touching it takes up to
                // a second a fork here, 2 GiB of small pages 4 s), 468 to 613 ms and 44 to 55 µs. Its size is the
                // trial's (Trial.forkHeapMb).
                "-XX:+AlwaysPreTouch", "-XX:+UseTransparentHugePages",
                "-D" + ForkEnvironment.SERVER_URL + "=" + probe.base(),
                "-D" + ForkEnvironment.MAX_CONCURRENT + "=" + plan.maxConcurrent(),
                "-Djava.io.tmpdir=" + ResultsLayout.forkTemp(dir)));
        forkArguments.addAll(forkProperties(slowdown));
        forkArguments.add("-D" + ForkEnvironment.CODE_WARM_UP_MS + "=" + plan.codeWarmUp().toMillis());
        RunLoop.Outcome outcome = null;
        LogFile jmhLogFile = LogFile.create(ResultsLayout.jmhLog(dir));
        try (PrintStream jmhLog = new PrintStream(jmhLogFile, true, StandardCharsets.UTF_8)) {
            RunLoop.TrialRunner java = new JmhTrialRunner(plan, jmh, forkArguments, dir, jmhLog, probe, writer, lock);
            RunLoop.TrialRunner python = new AsyncioTrialRunner(probe.base(), dir, probe, writer);
            RunLoop.TrialRunner runner = interruption.stoppable(turn -> turn.trial().setting().workload().runsInJmh()
                    ? java.run(turn) : python.run(turn));
            RunLoop.Storage storage = () -> firstFailure(dir, jmhLogFile, child);
            outcome = new RunLoop(probe, runner, writer::addKnee, storage, interruption::happened, out, err)
                    .run(plan.turns());
        } finally {
            if (!interruption.happened()) {
                ResultsLayout.removeForkTemp(dir);
                TrialMerger.discardUnmerged(dir); // the forks of trials a run that stopped early left unfinished
                probe.stats().ifPresent(s -> meta.serverStats("at_end", s));
                meta.finished(outcome);
                try {
                    meta.write(dir);
                } catch (CannotWriteException e) {
                    // Said once: a run stopped by a write that failed has said so already.
                    if (outcome == null || !e.getMessage().equals(outcome.stoppedBecause())
                            && firstFailure(dir, jmhLogFile, child) == null) {
                        err.println("error: " + e.getMessage());
                    }
                    outcome = null;
                }
            }
        }
        if (outcome == null) {
            return 1;
        }
        if (interruption.happened()) {
            return INTERRUPTED; // the JVM is exiting already, with its own status; the hook said all there is to say
        }
        out.println();
        SummaryTable.print(outcome.rows(), out);
        if (profile == Profile.SEED) {
            out.println();
            SeedTable.print(outcome.rows(), out);
        }
        out.println();
        boolean chartsOk = Charts.draw(dir, charts, out, err);
        out.println("results: " + dir);
        return outcome.exitCode() != 0 || !chartsOk ? 1 : 0;
    }

    /**
     * Why the run's results can no longer be kept, or null: a log whose writes failed, or a results folder that takes
     * no more (a fork that found the disk full died before recording, and says so only in a log that may be lost).
     */
    private static String firstFailure(Path dir, LogFile jmhLog, ServerProcess child) {
        Optional<CannotWriteException> failed = jmhLog.failure();
        if (failed.isEmpty() && child != null) {
            failed = child.logFailure();
        }
        if (failed.isPresent()) {
            return failed.get().getMessage();
        }
        String forkSaid = ForkOutput.writeFailure(jmhLog.takeRecent(), dir);
        if (forkSaid != null) {
            return forkSaid;
        }
        Path check = ResultsLayout.writeCheck(dir);
        try {
            AtomicFiles.write(check, out -> out.write(new byte[WRITE_CHECK_BYTES]));
            Files.delete(check);
            return null;
        } catch (IOException e) {
            return "cannot write in the results folder " + dir + ": " + CannotWriteException.osReason(e);
        }
    }

    /** The two slowdown options, checked: the server's by the stub server's own check, before it is started. */
    private static Slowdown slowdown(double serverByPercent, long clientByMicros) {
        try {
            StubServerConfig.defaults().withSlowByPercent(serverByPercent);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--slow-server-by: " + e.getMessage(), e);
        }
        try {
            return new Slowdown(serverByPercent, clientByMicros);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--slow-client-by: " + e.getMessage(), e);
        }
    }

    /** --code-warm-up's value, in JMH's time format. */
    private static Duration codeWarmUp(String time) {
        Duration warmUp;
        try {
            warmUp = Duration.ofNanos(TimeValue.fromString(time).convertTo(TimeUnit.NANOSECONDS));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--code-warm-up takes a time as JMH's -w does (500ms, 2s), got " + time, e);
        }
        if (warmUp.toMillis() <= 0) {
            throw new IllegalArgumentException("--code-warm-up must be 1 ms or more, got " + time);
        }
        return warmUp;
    }

    /** The stub server's own arguments for a slowdown: none when the server is not slowed. */
    private static List<String> serverArguments(Slowdown slowdown) {
        return slowdown.serverByPercent() == 0 ? List.of()
                : List.of("--slow-by", String.valueOf(slowdown.serverByPercent()));
    }

    /** Every fork's system property for a slowdown: none when the client is not slowed. */
    private static List<String> forkProperties(Slowdown slowdown) {
        return slowdown.clientByMicros() == 0 ? List.of()
                : List.of("-D" + ForkEnvironment.SLOW_CLIENT_BY_MICROS + "=" + slowdown.clientByMicros());
    }

    /** On any exit: the server child and any JMH fork still running die with the launcher. */
    private static void stopEverything(ServerProcess child) {
        stopDescendants();
        child.close();
    }

    /** Ends every process below the launcher (JMH forks, the server), forcibly when one does not stop at once. */
    private static void stopDescendants() {
        List<ProcessHandle> children = ProcessHandle.current().descendants().toList();
        children.forEach(ProcessHandle::destroy);
        for (ProcessHandle child : children) {
            try {
                child.onExit().get(3, TimeUnit.SECONDS);
            } catch (Exception e) {
                child.destroyForcibly();
                // Until it is gone: what it still writes would land after the run's clean-up.
                child.onExit().completeOnTimeout(child, 3, TimeUnit.SECONDS).join();
            }
        }
    }

    /** Ends a run that stopped before its first trial: one line on stderr, and meta.json says why. */
    private int stopBeforeTheTrials(RunMeta meta, Path dir, int exitCode, String because) throws IOException {
        err.println("error: " + because);
        meta.stoppedBeforeTheTrials(because);
        meta.write(dir);
        return exitCode;
    }

    private void writeQuietly(RunMeta meta, Path dir) {
        try {
            meta.write(dir);
        } catch (IOException e) {
            err.println("error: cannot finish " + ResultsLayout.metaJson(dir) + ": " + e.getMessage());
        }
    }
}
