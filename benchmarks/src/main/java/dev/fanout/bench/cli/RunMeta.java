package dev.fanout.bench.cli;

import static dev.fanout.bench.recording.SummaryColumns.STATUS;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.fanout.bench.clients.Client;
import dev.fanout.bench.models.Pinning;
import dev.fanout.bench.recording.SystemCpu;
import dev.fanout.bench.recording.AtomicFiles;
import dev.fanout.bench.recording.ResultsLayout;
import dev.fanout.bench.recording.RunConditions;
import dev.fanout.bench.recording.Slowdown;
import dev.fanout.bench.recording.SummaryRow;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

/**
 * meta.json: what a reader needs to judge a run's numbers: the machine, the JDK, the exact command, the
 * server and its own statistics. Written at the start and again at the end of a run.
 *
 * <p>An interruption's shutdown hook records and writes it while the run's own thread goes on until the JVM halts,
 * and that thread, its server stopped under it, may record an end of its own (a self-check that failed): so every
 * method is synchronized, and once interrupted the run stays so, whichever thread writes last.
 */
final class RunMeta {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Map<String, Object> fields = new LinkedHashMap<>();
    private boolean interrupted;
    /** The machine's CPU ticks when the run began, to tell the steal over it; null where the system does not tell. */
    private final SystemCpu machineAtStart = SystemCpu.now().orElse(null);

    /**
     * @param pinning  where the server and the client run, or null for every core alike
     * @param slowdown the run's real slowdown of the server and the client, for measuring the gate
     */
    RunMeta(Profile profile, List<String> commandLine, Plan plan, CpuPinning pinning, Slowdown slowdown) {
        Runtime runtime = Runtime.getRuntime();
        fields.put("started_at", Instant.now().toString());
        fields.put("profile", profile.id());
        fields.put("command_line", String.join(" ", commandLine));
        fields.put("git_commit", gitCommit());
        fields.put("jdk", Map.of(
                "version", System.getProperty("java.version"),
                "vendor", System.getProperty("java.vendor"),
                "vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version")));
        fields.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        fields.put("kernel", Calibration.kernel());
        fields.put("cores", runtime.availableProcessors());
        fields.put(RunConditions.PINNING_FIELD, pinning == null ? null : Map.of(RunConditions.SERVER_CPUS,
                pinning.serverCpus(), RunConditions.CLIENT_CPUS, pinning.clientCpus()));
        fields.put("cpu_model", cpuModel());
        fields.put("memory_mb", physicalMemoryMb());
        fields.put("common_pool_parallelism", ForkJoinPool.getCommonPoolParallelism());
        fields.put("virtual_thread_parallelism", Pinning.virtualThreadSchedulerParallelism());
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("jmh", org.openjdk.jmh.util.Version.getPlainVersion());
        for (Client client : Client.values()) {
            versions.put(client.name(), client.version());
        }
        fields.put("versions", versions);
        fields.put("server", new LinkedHashMap<>());
        fields.put("trials_planned", plan.trials().size());
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("shuffled", plan.order().shuffleSeed() != null);
        order.put("seed", plan.order().shuffleSeed());
        order.put("forks_interleaved", plan.order().forksInterleaved());
        fields.put("trial_order", order);
        fields.put(RunConditions.AOT_TRAINING_FIELD, plan.aotTraining());
        fields.put(RunConditions.CODE_WARM_UP_FIELD, plan.codeWarmUp().toMillis());
        fields.put("trials_skipped", plan.skipped());
        fields.put(Slowdown.META_FIELD, slowdown.asMeta());
    }

    /** The server the run measures against, and whether the launcher started it. */
    synchronized void server(String url, boolean childProcess) {
        server().put("url", url);
        server().put("child_process", childProcess);
    }

    /** Records that the run stopped before its first trial, and why. */
    synchronized void stoppedBeforeTheTrials(String because) {
        if (interrupted) {
            return;
        }
        fields.put("finished_at", Instant.now().toString());
        fields.put("trials_ok", 0);
        fields.put("trials_failed", 0);
        fields.put("stopped_because", because);
    }

    /** The CPUs the server and the launcher (so its forks) were left to run on, as Linux says once pinned. */
    @SuppressWarnings("unchecked")
    synchronized void pinned(String serverAllowed, String launcherAllowed) {
        Map<String, Object> pinning = new LinkedHashMap<>((Map<String, Object>) fields.get(RunConditions.PINNING_FIELD));
        pinning.put("server_allowed", serverAllowed);
        pinning.put("launcher_allowed", launcherAllowed);
        fields.put(RunConditions.PINNING_FIELD, pinning);
    }

    /** What tells this machine from another, measured before the first trial. */
    synchronized void calibration(Calibration calibration) {
        fields.put("calibration", calibration);
    }

    synchronized void serverStats(String when, Object stats) {
        server().put(when, stats);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> server() {
        return (Map<String, Object>) fields.get("server");
    }

    /** Records that a signal (Ctrl-C, SIGTERM) stopped the run, and the trials it had measured by then. */
    synchronized void interrupted(List<SummaryRow> kept) {
        interrupted = true;
        fields.put("finished_at", Instant.now().toString());
        long ok = kept.stream().filter(r -> r.get(STATUS).equals(SummaryRow.OK)).count();
        fields.put("trials_ok", ok);
        fields.put("trials_failed", kept.size() - ok);
        fields.put("stopped_because", "interrupted (SIGINT or SIGTERM)");
    }

    /** Records how the run ended; {@code outcome} is null when the run ended before its loop did. */
    synchronized void finished(RunLoop.Outcome outcome) {
        if (interrupted) {
            return;
        }
        fields.put("finished_at", Instant.now().toString());
        if (machineAtStart != null) {
            SystemCpu.now().ifPresent(now -> fields.put("steal_percent",
                    Math.round(now.since(machineAtStart).stealPercent() * 100) / 100.0));
        }
        if (outcome == null) {
            fields.put("stopped_because", "the launcher failed before the run loop ended; see its output");
            return;
        }
        fields.put("trials_ok", outcome.ok());
        fields.put("trials_failed", outcome.failed());
        // A sweep's last step and a knee no step held are not OK by design: counted apart, as the exit code does.
        fields.put("rows_not_ok_by_design", outcome.rows().size() - outcome.ok() - outcome.failed());
        if (outcome.stoppedBecause() != null) {
            fields.put("stopped_because", outcome.stoppedBecause());
        }
    }

    synchronized void write(Path dir) throws IOException {
        AtomicFiles.write(ResultsLayout.metaJson(dir), out -> JSON.writeValue(out, fields));
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse(System.getProperty("os.arch"));
        } catch (IOException e) {
            return System.getProperty("os.arch");
        }
    }

    private static long physicalMemoryMb() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize() / (1024 * 1024);
        }
        return -1;
    }

    private static String gitCommit() {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes()).trim();
            return git.waitFor(5, TimeUnit.SECONDS) && git.exitValue() == 0 ? out : null;
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }
}
