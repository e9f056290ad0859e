package dev.fanout.bench.cli;

import dev.fanout.bench.jmh.ForkEnvironment;
import dev.fanout.bench.recording.ResultsLayout;
import dev.fanout.bench.recording.SummaryRow;
import dev.fanout.bench.scenarios.SeedTable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import okhttp3.HttpUrl;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.VerboseMode;
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
                "Runs one fetch-N workload (N requests to a stub server that answers after L ms) through every "
                        + "concurrency model and reports each op time beside its physical limit, L x ceil(N/k).",
                "",
                "Subcommands: 'server [options]' runs the stub server alone; 'compare BASELINE CURRENT' compares two runs.",
                "Any other option is JMH's (see -h): a benchmark regex, -p name=v1,v2 (model, n, latencyMs, k, "
                        + "cpuMicros, recording), -f, -i, -wi, -r, -w, -prof, -jvmArgsAppend ...",
                ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every trial measured", "1:a trial failed, or the server stopped answering",
                "2:bad options"})
final class Launcher implements Callable<Integer> {
    /** Past this the server, not the client, would be what gets measured: refuse to run. */
    private static final double BROKEN_SERVER_LATENESS_MS = 500;
    /** Past this the machine is too busy for clean numbers: run, but say so. */
    private static final double NOISY_SERVER_LATENESS_MS = 10;
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    @Option(names = "--profile", paramLabel = "NAME", defaultValue = "default",
            description = "quick (~2 min smoke), default (~10 min, the published results), full (~1 h), "
                    + "ci (~3 min, for compare), seed (~3 min, the article's table). Default: ${DEFAULT-VALUE}.")
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

    /** Runs the launcher on {@code args} and returns its exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
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
        try {
            jmh = JmhArguments.parse(jmhArgs);
            if (jmh.wantsJmhInformation()) {
                jmh.showJmhInformation();
                return 0;
            }
            plan = Plan.of(profile, jmh, Runtime.getRuntime().availableProcessors(), SystemLimits.read(), !noFootprint);
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
        Path dir = results != null ? results
                : Path.of("results", "runs", ZonedDateTime.now(ZoneOffset.UTC).format(RUN_TIME) + "-" + profile.id());
        Files.createDirectories(dir);
        dir = dir.toAbsolutePath().normalize();
        return measure(plan, jmh, dir);
    }

    private void printPlan(Plan plan) {
        out.println(plan.trials().size() + " trials, about " + Format.duration(plan.estimate()) + ":");
        plan.trials().forEach(t -> out.println("  " + t.label() + "  (ideal " + Format.millis(t.idealMs()) + ")"));
        printSkipped(plan);
    }

    private void printSkipped(Plan plan) {
        if (!plan.skipped().isEmpty()) {
            out.println("skipped:");
            plan.skipped().forEach(s -> out.println("  " + s));
        }
    }

    private int measure(Plan plan, JmhArguments jmh, Path dir) throws IOException {
        ServerProcess child = null;
        try {
            HttpUrl url;
            if (serverUrl == null) {
                child = ServerProcess.start(dir.resolve("server.log"), 42);
                ServerProcess started = child;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> stopEverything(started), "stop-children"));
                url = HttpUrl.get(child.url().toString());
            } else {
                url = HttpUrl.parse(serverUrl);
                if (url == null) {
                    err.println("error: --server-url is not an http URL: " + serverUrl);
                    return 2;
                }
            }
            try (ServerProbe probe = new ServerProbe(url)) {
                return measure(plan, jmh, dir, probe, child);
            }
        } finally {
            if (child != null) {
                child.close();
            }
        }
    }

    private int measure(Plan plan, JmhArguments jmh, Path dir, ServerProbe probe, ServerProcess child)
            throws IOException {
        if (!probe.answers()) {
            err.println("error: no server answers at " + probe.base());
            return 1;
        }
        out.println("server: " + probe.base() + (child == null ? "" : " (child process, log in server.log)"));
        Optional<Double> lateness;
        try {
            lateness = probe.selfCheck();
        } catch (IllegalStateException e) {
            err.println("error: server self-check failed: " + e.getMessage());
            return 1;
        }
        lateness.ifPresentOrElse(
                p99 -> out.printf("server self-check: timer lateness p99 %.2f ms over 200 concurrent requests%n", p99),
                () -> out.println("server self-check: the server has no /stats; its lateness cannot be shown"));
        if (lateness.isPresent() && lateness.get() > BROKEN_SERVER_LATENESS_MS) {
            err.printf("error: the server is %.0f ms late at p99 before any benchmark: it would be measured"
                    + " instead of the client%n", lateness.get());
            return 1;
        }
        if (lateness.isPresent() && lateness.get() > NOISY_SERVER_LATENESS_MS) {
            out.printf("note: the server was %.0f ms late at p99 for a burst of 200 requests (a busy machine, or its"
                    + " JIT still at work); each trial's own lateness is in summary.csv%n", lateness.get());
        }
        RunMeta meta = new RunMeta(profile, commandLine, probe.base().toString(), child != null, plan);
        probe.stats().ifPresent(s -> meta.serverStats("self_check", s));
        meta.write(dir);
        printSkipped(plan);
        out.println(plan.trials().size() + " trials, about " + Format.duration(plan.estimate())
                + "; JMH's output goes to " + dir.resolve("jmh.log"));

        RunWriter writer = new RunWriter(dir);
        List<String> forkProperties = List.of(
                "-D" + ForkEnvironment.SERVER_URL + "=" + probe.base(),
                "-D" + ResultsLayout.RESULTS_DIR_PROPERTY + "=" + dir,
                "-D" + ForkEnvironment.MAX_CONCURRENT + "=" + plan.trials().stream()
                        .mapToInt(t -> Integer.parseInt(t.params().getOrDefault("n", "1"))).max().orElse(1));
        String stoppedBecause = null;
        try (PrintStream jmhLog = new PrintStream(Files.newOutputStream(dir.resolve("jmh.log")), true,
                StandardCharsets.UTF_8)) {
            int index = 0;
            for (Trial trial : plan.trials()) {
                index++;
                out.printf("[%d/%d] %s (ideal %s) ... ", index, plan.trials().size(), trial.label(),
                        Format.millis(trial.idealMs()));
                out.flush();
                probe.resetStats();
                Collection<RunResult> results;
                try {
                    results = new Runner(jmh.forTrial(plan, trial, forkProperties),
                            OutputFormatFactory.createFormatInstance(jmhLog, VerboseMode.NORMAL)).run();
                } catch (RunnerException e) {
                    // JMH refused to run at all (another JMH holds its lock, ...): no later trial would fare better.
                    stoppedBecause = "JMH could not run " + trial.label() + ": " + e.getMessage();
                    err.println();
                    err.println("error: " + stoppedBecause);
                    break;
                }
                Optional<com.fasterxml.jackson.databind.JsonNode> stats = probe.stats();
                List<SummaryRow> rows = writer.add(results,
                        stats.map(ServerProbe::latenessP99).orElse(null),
                        stats.map(s -> s.path("max_in_flight").asLong()).orElse(null));
                out.println(outcome(rows));
                if ((child != null && !child.isAlive()) || !probe.answers()) {
                    stoppedBecause = "the server at " + probe.base() + " stopped answering after " + trial.label();
                    err.println("error: " + stoppedBecause + "; the results of the trials before are in " + dir);
                    break;
                }
            }
        } finally {
            List<SummaryRow> rows = writer.rows();
            int ok = (int) rows.stream().filter(r -> r.status().equals(SummaryRow.OK)).count();
            probe.stats().ifPresent(s -> meta.serverStats("at_end", s));
            meta.finished(ok, rows.size() - ok, stoppedBecause);
            meta.write(dir);
        }
        List<SummaryRow> rows = writer.rows();
        out.println();
        SummaryTable.print(rows, out);
        if (profile == Profile.SEED) {
            out.println();
            SeedTable.print(rows, out);
        }
        long bad = rows.stream().filter(r -> !r.status().equals(SummaryRow.OK)).count();
        int failedToReport = plan.trials().size() - rows.size();
        out.println();
        boolean chartsOk = Charts.draw(dir, charts, out, err);
        out.println("results: " + dir);
        return bad > 0 || failedToReport > 0 || stoppedBecause != null || !chartsOk ? 1 : 0;
    }

    private static String outcome(List<SummaryRow> rows) {
        if (rows.isEmpty()) {
            return "FAIL: no result (the fork died before recording; see jmh.log)";
        }
        SummaryRow row = rows.get(0);
        if (!row.status().equals(SummaryRow.OK)) {
            return row.status() + ": " + (row.firstError() != null ? row.firstError()
                    : row.ratioToIdeal() != null ? String.format("%.3f x ideal: faster than physically possible", row.ratioToIdeal())
                    : "no JMH result; see jmh.log");
        }
        return String.format(java.util.Locale.ROOT, "%s (%.2f x ideal)", Format.millis(row.meanMs()), row.ratioToIdeal());
    }

    /** On Ctrl-C: the server child and any JMH fork still running die with the launcher. */
    private static void stopEverything(ServerProcess child) {
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroy);
        child.close();
    }
}
