package dev.fanout.bench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fanout.bench.jmh.ForkEnvironment;
import dev.fanout.bench.recording.Footprint;
import dev.fanout.bench.recording.LatencyRecorder;
import dev.fanout.bench.recording.SummaryRow;
import dev.fanout.bench.recording.TrialRecorder;
import dev.fanout.bench.recording.TrialScores;
import dev.fanout.bench.recording.TrialSpec;
import dev.fanout.bench.workload.ServerUsage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The asyncio reference row: the article's model in the article's language, run against the same server with
 * the same N, L and iterations as the Java trials, and recorded the way a fork records a Java trial, so that
 * its row sits in the same summary.csv and histograms. The script, seed/asyncio_fanout.py, travels inside the
 * jar and is handed to Debian's Python on its standard input, so the run needs no checkout.
 */
final class AsyncioTrialRunner implements RunLoop.TrialRunner {
    /** Debian's Python: the one with Debian's aiohttp (a pyenv {@code python3} earlier on the PATH has none). */
    static final String PYTHON = "/usr/bin/python3";
    static final String INSTALL = "apt-get install python3-aiohttp";
    private static final String SCRIPT = "/asyncio_fanout.py";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI server;
    private final Path resultsDir;
    private final RunLoop.Server stats;
    private final RunWriter writer;
    private final Path log;

    AsyncioTrialRunner(URI server, Path resultsDir, RunLoop.Server stats, RunWriter writer) {
        this.server = server;
        this.resultsDir = resultsDir;
        this.stats = stats;
        this.writer = writer;
        this.log = resultsDir.resolve("asyncio.log");
    }

    /** Why the asyncio trials cannot run on this machine, with the command that fixes it; null when they can. */
    static String unavailableBecause() {
        try {
            Process probe = new ProcessBuilder(PYTHON, "-c", "import aiohttp").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            if (probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0) {
                return null;
            }
            probe.destroyForcibly();
            return PYTHON + " has no aiohttp: " + INSTALL;
        } catch (IOException e) {
            return "no " + PYTHON + " on this machine: apt-get install python3 python3-aiohttp";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while looking for " + PYTHON;
        }
    }

    @Override
    public List<SummaryRow> run(Turn turn) throws IOException {
        Trial trial = turn.trial();
        IterationPlan it = trial.iterations();
        long latencyMs = trial.setting().latencyMs();
        List<String> command = List.of(PYTHON, "-", server.toString(), Integer.toString(trial.setting().n()),
                Long.toString(latencyMs), Long.toString(ForkEnvironment.defaultTimeout(trial.setting().n(), latencyMs).toMillis()),
                Integer.toString(it.warmupIterations()), Long.toString(it.warmupTime().toMillis()),
                Integer.toString(it.measurementIterations()), Long.toString(it.measurementTime().toMillis()));
        LatencyRecorder latency = new LatencyRecorder();
        TrialRecorder recorder = new TrialRecorder(new TrialSpec(trial.setting(), "seed/asyncio_fanout.py",
                trial.setting().n(), "one asyncio event loop with an aiohttp ClientSession (Python)", trial.idealMs(), 0),
                resultsDir, true, latency);
        Process python = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try (InputStream script = AsyncioTrialRunner.class.getResourceAsStream(SCRIPT);
             OutputStream stdin = python.getOutputStream()) {
            if (script == null) {
                throw new IllegalStateException(SCRIPT + " is missing from the jar");
            }
            script.transferTo(stdin);
        }
        Run run = read(python, recorder, trial.setting().n());
        if (!waitFor(python) && run.failure == null) {
            recorder.setUpFailed(new IOException("seed/asyncio_fanout.py exited with " + python.exitValue()
                    + "; see asyncio.log"));
        }
        recorder.write();
        Footprint footprint = run.end == null ? Footprint.NONE : new Footprint(run.end.path("threads").asDouble(),
                run.end.path("rss_mb").asDouble(), null, null, run.ops == 0 ? null : run.end.path("cpu_ms").asDouble() / run.ops,
                null, null);
        boolean measured = run.ops > 0 && run.failure == null;
        // One Python process is one fork; its CPU is known only over the whole of it, its op times by iteration.
        List<TrialScores.Iteration> iterations = run.iterationMicros.stream()
                .map(micros -> new TrialScores.Iteration(micros.getAverage() / 1000, Footprint.NONE)).toList();
        TrialScores scores = !measured ? TrialScores.NOTHING : new TrialScores(run.opMicros / run.ops / 1000.0,
                footprint, List.of(new TrialScores.Fork(run.opMicros / run.ops / 1000.0, footprint, iterations)));
        return writer.add(trial, scores, stats.stats().map(ServerUsage::of).orElse(ServerUsage.NONE));
    }

    /** What the script reported: its measured ops, their total time, its end line, its first failure. */
    private static final class Run {
        long ops;
        double opMicros;
        /** The measured ops' times, µs, one summary for each measured iteration. */
        final List<DoubleSummaryStatistics> iterationMicros = new ArrayList<>();
        JsonNode end;
        String failure;
    }

    private Run read(Process python, TrialRecorder recorder, int n) throws IOException {
        Run run = new Run();
        int iteration = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                JsonNode json = JSON.readTree(line);
                if (json.has("set_up_failed")) {
                    run.failure = json.get("set_up_failed").asText();
                    recorder.setUpFailed(new IOException(run.failure));
                } else if (json.has("versions")) {
                    recorder.detail("versions", json.get("versions"));
                    recorder.detail("warm_connections", json.get("warm_connections"));
                } else if (json.has("op_us")) {
                    int at = json.get("iteration").asInt();
                    if (at != iteration) {
                        if (iteration >= 0) {
                            recorder.iterationEnded();
                        }
                        recorder.iterationStarted(at >= 0);
                        iteration = at;
                    }
                    for (JsonNode requestMicros : json.get("request_us")) {
                        recorder.latency().requestDone(0, TimeUnit.MICROSECONDS.toNanos(requestMicros.asLong()));
                    }
                    long opNanos = TimeUnit.MICROSECONDS.toNanos(json.get("op_us").asLong());
                    int failed = json.get("failed").asInt();
                    recorder.opDone(0, opNanos, n, failed, json.path("first_failure").asText(null));
                    if (failed > 0) {
                        run.failure = json.path("first_failure").asText();
                    } else if (at >= 0) {
                        run.ops++;
                        run.opMicros += json.get("op_us").asLong();
                        while (run.iterationMicros.size() <= at) {
                            run.iterationMicros.add(new DoubleSummaryStatistics());
                        }
                        run.iterationMicros.get(at).accept(json.get("op_us").asLong());
                    }
                } else if (json.has("cpu_ms")) {
                    run.end = json;
                }
            }
        }
        if (iteration >= 0) {
            recorder.iterationEnded();
        }
        return run;
    }

    private static boolean waitFor(Process python) {
        try {
            if (python.waitFor(60, TimeUnit.SECONDS)) {
                return python.exitValue() == 0;
            }
            python.destroyForcibly();
            return false;
        } catch (InterruptedException e) {
            python.destroyForcibly();
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
