package dev.fanout.bench.cli;

import static dev.fanout.bench.recording.SummaryColumns.ACHIEVED_RATE;
import static dev.fanout.bench.recording.SummaryColumns.ALLOC_BYTES_PER_OP;
import static dev.fanout.bench.recording.SummaryColumns.BENCHMARK;
import static dev.fanout.bench.recording.SummaryColumns.CLIENT;
import static dev.fanout.bench.recording.SummaryColumns.CLIENT_CPU_US_PER_REQUEST;
import static dev.fanout.bench.recording.SummaryColumns.CONCURRENCY;
import static dev.fanout.bench.recording.SummaryColumns.CPU_MS_PER_OP;
import static dev.fanout.bench.recording.SummaryColumns.DETAILS;
import static dev.fanout.bench.recording.SummaryColumns.ERRORS;
import static dev.fanout.bench.recording.SummaryColumns.FORKS;
import static dev.fanout.bench.recording.SummaryColumns.EXECUTOR;
import static dev.fanout.bench.recording.SummaryColumns.HDR;
import static dev.fanout.bench.recording.SummaryColumns.HELD;
import static dev.fanout.bench.recording.SummaryColumns.IDEAL_MS;
import static dev.fanout.bench.recording.SummaryColumns.OPS;
import static dev.fanout.bench.recording.SummaryColumns.P50_MS;
import static dev.fanout.bench.recording.SummaryColumns.P99_MS;
import static dev.fanout.bench.recording.SummaryColumns.PEAK_RSS_BEYOND_HEAP_MB;
import static dev.fanout.bench.recording.SummaryColumns.PEAK_RSS_MB;
import static dev.fanout.bench.recording.SummaryColumns.PEAK_THREADS;
import static dev.fanout.bench.recording.SummaryColumns.PINNED_EVENTS;
import static dev.fanout.bench.recording.SummaryColumns.RATE;
import static dev.fanout.bench.recording.SummaryColumns.RATE_BOUND;
import static dev.fanout.bench.recording.SummaryColumns.RATIO_TO_IDEAL;
import static dev.fanout.bench.recording.SummaryColumns.REQUESTS;
import static dev.fanout.bench.recording.SummaryColumns.REQUEST_P50_MS;
import static dev.fanout.bench.recording.SummaryColumns.RESPONSE_LIMIT_MS;
import static dev.fanout.bench.recording.SummaryColumns.SERVER_MAX_IN_FLIGHT;
import static dev.fanout.bench.recording.SummaryColumns.SERVICE_P99_MS;
import static dev.fanout.bench.recording.SummaryColumns.STATUS;
import static dev.fanout.bench.recording.SummaryColumns.WORKLOAD;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fanout.bench.recording.SmallDisk;
import dev.fanout.bench.recording.RunConditions;
import dev.fanout.bench.recording.CsvTable;
import dev.fanout.bench.recording.ForkRecord;
import dev.fanout.bench.recording.SummaryColumns;
import dev.fanout.bench.recording.ResultsLayout;
import dev.fanout.bench.recording.SummaryRow;
import dev.fanout.bench.suite.Workload;
import dev.fanout.bench.workload.FaultyServer;
import dev.fanout.server.StubServer;
import dev.fanout.server.StubServerConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher end to end, as {@code java -jar benchmarks.jar}: the files it promises, and how it fails
 * when the server does. Tiny settings keep each run to a few seconds.
 */
class LauncherIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] TINY = {"--profile", "quick", "-p", "n=5", "-p", "client=okhttp", "-wi", "0"};

    @TempDir
    Path tmp;

    /** Two trials of two forks each, interleaved: a fork of each, then the second of each, and a row a trial. */
    @Test
    void aTinyRunWritesEveryFileOfTheContract() throws Exception {
        Path dir = tmp.resolve("run");
        JarRun run = JarRun.of(args(TINY, "-p", "workload=virtual_threads,fixed_pool", "-p", "k=2", "-p", "latencyMs=50",
                "-i", "2", "-r", "300ms", "-f", "2", "--interleave-forks", "--code-warm-up", "1ms",
                "--results", dir.toString()));

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.outLines().get(run.outLines().size() - 1)).isEqualTo("results: " + dir);
        assertThat(run.outLines()).filteredOn(line -> line.matches("\\[\\d+/\\d+] .*")).extracting(line -> line.substring(0, line.indexOf(" (")))
                .containsExactly("[1/4] virtual_threads okhttp n=5 L=50 fork 1 of 2", "[2/4] fixed_pool okhttp n=5 L=50 k=2 fork 1 of 2",
                        "[3/4] virtual_threads okhttp n=5 L=50 fork 2 of 2", "[4/4] fixed_pool okhttp n=5 L=50 k=2 fork 2 of 2");
        assertThat(run.out()).contains("x ideal");
        assertThat(run.outLines()).as("the table names the bound each row is held to")
                .filteredOn(line -> line.startsWith("virtual_threads ") || line.startsWith("fixed_pool "))
                .hasSize(2).allMatch(line -> line.matches(".* \\d+\\.\\d\\d \\[\\d+\\.\\d\\d-\\d+\\.\\d\\d] (latency|cpu|latency_cpu) .*"));

        List<SummaryRow> rows = CsvTable.read(dir.resolve("summary.csv"), SummaryColumns.ALL);
        assertThat(rows).extracting(r -> r.get(WORKLOAD)).containsExactly("virtual_threads", "fixed_pool");
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.get(STATUS)).isEqualTo("OK");
            assertThat(row.get(FORKS)).isEqualTo(2);
            assertThat(row.get(ERRORS)).isZero();
            assertThat(row.get(OPS)).isPositive();
            assertThat(row.get(REQUESTS)).isEqualTo(row.get(OPS) * 5);
            assertThat(row.get(RATIO_TO_IDEAL)).isGreaterThanOrEqualTo(1.0);
            assertThat(row.get(P50_MS)).isGreaterThanOrEqualTo(row.get(IDEAL_MS));
            assertThat(row.get(SERVER_MAX_IN_FLIGHT)).isPositive();
            assertThat(row.get(PEAK_THREADS)).isPositive();
            assertThat(row.get(PEAK_RSS_MB)).isPositive();
            assertThat(row.get(PEAK_RSS_BEYOND_HEAP_MB)).as("the heap is fixed, touched, and not all").isPositive()
                    .isLessThan(row.get(PEAK_RSS_MB));
            assertThat(row.get(ALLOC_BYTES_PER_OP)).isPositive();
            assertThat(row.get(CPU_MS_PER_OP)).isPositive();
            assertThat(JSON.readTree(row.get(DETAILS)).path(ForkRecord.CODE_WARM_UP_REQUESTS).asInt())
                    .as("--code-warm-up 1ms: the fixture's warm-up is its one op").isEqualTo(5);
        });
        List<SummaryRow> forks = CsvTable.read(dir.resolve("forks.csv"), SummaryColumns.FORK_ROW);
        assertThat(forks).hasSize(4).allSatisfy(fork -> {
            assertThat(fork.get(SummaryColumns.CODE_WARM_UP_MS)).as("each fork's own warm-up: one op of 50 ms at least")
                    .isGreaterThanOrEqualTo(50L);
            assertThat(fork.get(SummaryColumns.JIT_SETTLED)).as("5 requests, under the 1,000 that settling needs")
                    .isFalse();
        });
        // Pinning is counted (a JFR stream per iteration) only where a virtual thread can be pinned.
        assertThat(rows).extracting(r -> r.get(PINNED_EVENTS)).first().isNotNull();
        assertThat(rows).extracting(r -> r.get(PINNED_EVENTS)).last().isNull();
        assertThat(rows).extracting(r -> r.get(IDEAL_MS)).containsExactly(50.0, 150.0);
        assertThat(rows).extracting(r -> r.get(CONCURRENCY)).containsExactly(5, 2);

        JsonNode jmh = JSON.readTree(dir.resolve("jmh.json").toFile());
        assertThat(jmh).hasSize(2);
        assertThat(jmh.get(0).path("benchmark").asText()).isEqualTo("dev.fanout.bench.jmh.FanOutBenchmark.fanOut");
        assertThat(jmh.get(0).path("primaryMetric").path("scoreUnit").asText()).isEqualTo("ms/op");
        assertThat(jmh.get(1).path("params").path("k").asText()).isEqualTo("2");
        for (JsonNode trial : jmh) {
            assertThat(trial.path("forks").asInt()).as("the two turns' results as one trial's").isEqualTo(2);
            assertThat(trial.path("primaryMetric").path("rawData")).hasSize(2);
        }

        assertThat(rows).extracting(r -> r.get(HDR)).containsExactly("hdr/fetch_n/virtual_threads-okhttp-n5-l50-c0",
                "hdr/fetch_n/fixed_pool-okhttp-n5-l50-k2-c0");
        assertThat(totalCount(dir.resolve(rows.get(0).get(HDR) + ".request.hlog"))).isEqualTo(rows.get(0).get(REQUESTS));
        assertThat(totalCount(dir.resolve(rows.get(1).get(HDR) + ".op.hlog"))).isEqualTo(rows.get(1).get(OPS));
        for (SummaryRow row : rows) {
            for (String kind : List.of(".request.hgrm", ".op.hgrm")) {
                assertThat(Files.readString(dir.resolve(row.get(HDR) + kind))).contains("Percentile").contains("#[Mean");
            }
        }
        assertThat(dir.resolve("forks")).doesNotExist();

        JsonNode meta = JSON.readTree(dir.resolve("meta.json").toFile());
        assertThat(meta.path("profile").asText()).isEqualTo("quick");
        assertThat(meta.path("jdk").path("version").asText()).isNotBlank();
        assertThat(meta.path("cores").asInt()).isPositive();
        assertThat(meta.path("cpu_model").asText()).isNotBlank();
        assertThat(meta.path("command_line").asText()).contains("workload=virtual_threads,fixed_pool");
        assertThat(meta.path("versions").path("okhttp").asText()).isNotBlank();
        assertThat(meta.path("server").path("at_end").path("lateness_ms").has("p99")).isTrue();
        assertThat(meta.path("server").path("at_end").path("io_threads").asInt()).isEqualTo(ServerProcess.IO_THREADS);
        assertThat(meta.path("trials_ok").asInt()).isEqualTo(2);
        assertThat(meta.path("trial_order").path("forks_interleaved").asBoolean()).isTrue();
        assertThat(meta.path(RunConditions.CODE_WARM_UP_FIELD).asLong()).isEqualTo(1);
        List<Instant> measuredFrom = Stream.of("virtual_threads", "fixed_pool").flatMap(workload -> forks.stream()
                .filter(fork -> fork.get(SummaryColumns.TRIAL).startsWith(workload)))
                .map(fork -> Instant.parse(fork.get(SummaryColumns.MEASURED_FROM))).toList();
        assertThat(List.of(measuredFrom.get(0), measuredFrom.get(2), measuredFrom.get(1), measuredFrom.get(3)))
                .as("the forks measured in the rounds they ran in, within the run").isSorted()
                .allSatisfy(at -> assertThat(at).isBetween(Instant.parse(meta.path("started_at").asText()),
                        Instant.parse(meta.path("finished_at").asText())));

        URI server = URI.create(meta.path("server").path("url").asText());
        assertThat(refusesConnections(server)).as("the child server is gone").isTrue();
    }

    /**
     * Service mode end to end: a sweep's steps at rising rates until the first that does not hold (3,000 fan-outs of
     * 5 a second overload 2 cores many times over), the step above it skipped, and the knee row after them. Where
     * the knee falls below that depends on the machine, so the test reads it from the steps' own rows.
     */
    @Test
    void aServiceSweepStopsAtItsKneeAndRecordsEachArrivalFromItsIntendedStart() throws Exception {
        Path dir = tmp.resolve("service");
        JarRun run = JarRun.of("--profile", "service", "-p", "workload=virtual_threads", "-p", "n=5", "-p",
                "rate=10,20,3000,6000", "-wi", "1", "-w", "1s", "-i", "1", "-r", "1s", "--code-warm-up", "1s",
                "--results", dir.toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("[4/4] virtual_threads okhttp n=5 L=100 rate=6000/s (ideal 100.0 ms) ... skipped: past the knee");
        List<SummaryRow> rows = CsvTable.read(dir.resolve("summary.csv"), SummaryColumns.ALL);
        List<SummaryRow> steps = rows.subList(0, rows.size() - 1);
        SummaryRow knee = rows.get(rows.size() - 1);
        assertThat(steps).isNotEmpty().allMatch(row -> row.get(BENCHMARK).equals("service"));
        assertThat(steps).extracting(r -> r.get(HELD)).as("every step holds but the last").containsOnlyOnce(false)
                .last().isEqualTo(false);
        assertThat(knee.get(BENCHMARK)).isEqualTo("knee");
        assertThat(knee.get(RATE)).isEqualTo(steps.size() > 1 ? steps.get(steps.size() - 2).get(RATE) : null);
        assertThat(run.out()).contains("knee: " + (knee.get(RATE) == null ? "none" : knee.get(RATE) + "/s"));
        JsonNode meta = JSON.readTree(dir.resolve("meta.json").toFile());
        assertThat(meta.path("trials_failed").asInt()).as("a sweep ending is not a failure").isZero();
        assertThat(meta.path("trials_ok").asInt() + meta.path("rows_not_ok_by_design").asInt()).isEqualTo(rows.size());

        SummaryRow first = steps.get(0);
        assertThat(first.get(RATE)).isEqualTo(10);
        assertThat(first.get(STATUS)).isEqualTo("OK");
        // JMH starts the iteration's clock a moment after its first op starts: on a loaded machine a second window
        // can begin before the clock runs out (20 arrivals, seen once in a whole `mvn verify`).
        assertThat(first.get(OPS)).as("whole seconds of arrivals").isPositive().isEqualTo(first.get(OPS) / 10 * 10);
        assertThat(first.get(REQUESTS)).isEqualTo(5 * first.get(OPS));
        assertThat(first.get(ACHIEVED_RATE)).isEqualTo(10.0);
        assertThat(first.get(P50_MS)).isGreaterThanOrEqualTo(first.get(IDEAL_MS));
        assertThat(first.get(P99_MS)).as("the response time includes the service time").isGreaterThanOrEqualTo(first.get(SERVICE_P99_MS));
        assertThat(first.get(RESPONSE_LIMIT_MS)).isEqualTo(200.0);
        assertThat(first.get(RATE_BOUND)).isPositive();
        assertThat(first.get(CPU_MS_PER_OP)).as("per fan-out").isPositive();
        for (String kind : List.of(".op", ".service", ".lateness", ".request")) {
            assertThat(dir.resolve(first.get(HDR) + kind + ".hlog")).isNotEmptyFile();
        }
        assertThat(totalCount(dir.resolve(first.get(HDR) + ".op.hlog"))).as("every arrival, once").isEqualTo(first.get(OPS));
        JsonNode jmh = JSON.readTree(dir.resolve("jmh.json").toFile());
        assertThat(jmh).hasSize(steps.size());
        assertThat(jmh.get(0).path("benchmark").asText()).isEqualTo("dev.fanout.bench.jmh.ServiceBenchmark.serve");
        assertThat(jmh.get(0).path("params").path("rate").asText()).isEqualTo("10");
    }

    /**
     * The article's own model beside Java's: the launcher runs seed/asyncio_fanout.py (from the jar) under Debian's
     * Python, records it as a fork's trial is recorded, and says how to install aiohttp where it is missing.
     */
    @Test
    void theAsyncioReferenceRowIsMeasuredLikeAJavaTrialOrSkippedWithTheInstallCommand() throws Exception {
        Path dir = tmp.resolve("asyncio");
        JarRun run = JarRun.of(args(new String[] {"--profile", "default"}, "-p", "workload=asyncio", "-p", "n=20",
                "-p", "latencyMs=50", "-wi", "0", "-i", "2", "-r", "300ms", "--results", dir.toString()));

        String missing = AsyncioTrialRunner.unavailableBecause();
        if (missing != null) {
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains("python3-aiohttp");
            return;
        }
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        SummaryRow row = CsvTable.read(dir.resolve("summary.csv"), SummaryColumns.ALL).get(0);
        assertThat(row.get(WORKLOAD)).isEqualTo("asyncio");
        assertThat(row.get(CLIENT)).isEqualTo("aiohttp");
        assertThat(row.get(STATUS)).isEqualTo("OK");
        assertThat(row.get(REQUESTS)).isEqualTo(row.get(OPS) * 20).isPositive();
        assertThat(row.get(P50_MS)).isGreaterThanOrEqualTo(50.0);
        assertThat(row.get(REQUEST_P50_MS)).isGreaterThanOrEqualTo(50.0);
        assertThat(row.get(PEAK_THREADS)).isPositive();
        assertThat(row.get(CLIENT_CPU_US_PER_REQUEST)).isPositive();
        assertThat(row.get(DETAILS)).contains("\"aiohttp\"");
        assertThat(totalCount(dir.resolve(row.get(HDR) + ".request.hlog"))).isEqualTo(row.get(REQUESTS));
    }

    /** A server that is up but answers errors stops the run before its first trial, in one line that says why. */
    @Test
    void aServerThatAnswersErrorsStopsTheRunBeforeItsFirstTrial() throws Exception {
        Path dir = tmp.resolve("failing");
        try (FaultyServer failing = FaultyServer.failing()) {
            JarRun run = JarRun.of(args(TINY, "-p", "workload=virtual_threads,fixed_pool", "-i", "1", "--server-url",
                    failing.url().toString(), "--results", dir.toString()));

            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains("does not answer as the benchmarks need").contains("HTTP 500")
                    .contains("broken on purpose").hasLineCount(1);
            assertThat(run.out()).doesNotContain("[1/");
            assertThat(dir.resolve("summary.csv")).doesNotExist();
        }
    }

    /** A run with trials over h2c, against a server of HTTP/1.1 alone, stops in one line that names the protocol. */
    @Test
    void aServerWithoutH2cStopsARunOverH2cBeforeItsFirstTrial() throws Exception {
        Path dir = tmp.resolve("no-h2c");
        try (StubServer http1Only = StubServer.start(StubServerConfig.defaults().withPort(0).withH2c(false))) {
            long start = System.nanoTime();
            JarRun run = JarRun.of(args(TINY, "-p", "workload=virtual_threads", "-p", "protocol=h2c", "-i", "1",
                    "--server-url", http1Only.baseUri().toString(), "--results", dir.toString()));

            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains("does not answer over h2c (HTTP/2 in cleartext)").hasLineCount(1);
            assertThat(run.out()).doesNotContain("[1/");
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(60);
        }
    }

    @Test
    void aServerThatHangsStopsTheRunWithinTheProbesTimeout() throws Exception {
        try (FaultyServer hanging = FaultyServer.hanging()) {
            long start = System.nanoTime();
            JarRun run = JarRun.of(args(TINY, "-p", "workload=virtual_threads", "-i", "1", "--server-url",
                    hanging.url().toString(), "--results", tmp.resolve("hanging").toString()));

            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).containsIgnoringCase("timeout").hasLineCount(1);
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(60);
        }
    }

    @Test
    void whenTheServerDiesTheRunStopsAndKeepsWhatItMeasured() throws Exception {
        Path dir = tmp.resolve("dies");
        Process launcher = JarRun.command(args(TINY, "-p", "workload=sequential,virtual_threads", "-p", "latencyMs=200",
                "-i", "3", "-r", "1s", "--results", dir.toString())).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        // The first trial's first measured iteration is over: the fork is measuring the second.
        awaitLine(launcher, dir.resolve("jmh.log"), "Iteration   1:");
        launcher.descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("dev.fanout.server.ServerMain"))
                .forEach(ProcessHandle::destroyForcibly);
        readUntil(out, "results: ", seen);

        assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(launcher.exitValue()).isEqualTo(1);
        assertThat(seen).contains("stopped answering");
        assertThat(CsvTable.read(dir.resolve("summary.csv"), SummaryColumns.ALL)).singleElement()
                .satisfies(row -> assertThat(row.get(STATUS)).isEqualTo("FAIL"));
        assertThat(JSON.readTree(dir.resolve("meta.json").toFile()).path("stopped_because").asText())
                .contains("stopped answering");
    }

    @Test
    void sigtermSaysSoKeepsWhatItMeasuredAndLeavesNoProcessBehind() throws Exception {
        Path dir = tmp.resolve("interrupted");
        Process launcher = JarRun.command(args(TINY, "-p", "workload=sequential", "-p", "latencyMs=200", "-i", "5",
                "-r", "1s", "--results", dir.toString())).redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(launcher));
        awaitLine(launcher, dir.resolve("jmh.log"), "Iteration   1:");
        List<ProcessHandle> children = launcher.descendants().toList();
        assertThat(children).as("the server and a JMH fork").hasSizeGreaterThanOrEqualTo(2);

        // SIGTERM, through the handle: Process.destroy would also close the streams the output is read from.
        launcher.toHandle().destroy();

        assertThat(launcher.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String printed = output.get(10, TimeUnit.SECONDS);
        assertThat(launcher.exitValue()).as("128 + SIGTERM").isEqualTo(143);
        assertThat(printed).contains("interrupted; 0 trials kept in " + dir).doesNotContain("stopped answering");
        for (ProcessHandle child : children) {
            child.onExit().get(10, TimeUnit.SECONDS);
            assertThat(child.isAlive()).as(child.info().commandLine().orElse("?")).isFalse();
        }
        JsonNode meta = JSON.readTree(dir.resolve("meta.json").toFile());
        assertThat(meta.path("finished_at").asText()).isNotBlank();
        assertThat(meta.path("stopped_because").asText()).startsWith("interrupted");
        assertThat(dir.resolve("forks")).doesNotExist();
    }

    /**
     * With an older java first on the PATH (JAVA_HOME set, PATH not: the machines this runs on have 17 as their
     * default), the jar says which JDK it needs and how to put it on the PATH, rather than dying with a raw
     * UnsupportedClassVersionError. Runs where such a java is installed.
     */
    @Test
    void anOlderJavaIsToldWhatToPutOnThePath() throws Exception {
        Path java17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(java17), "no Java 17 here to run the jar with");
        Process old = new ProcessBuilder(java17.toString(), "-jar", JarRun.jar().toString(), "--list")
                .redirectErrorStream(true).start();
        String printed = new String(old.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(old.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(old.exitValue()).isEqualTo(2);
        assertThat(printed).contains("needs Java 21 or newer").contains("this is Java 17")
                .contains("export PATH=\"$JAVA_HOME/bin:$PATH\"").doesNotContain("UnsupportedClassVersionError");
    }

    @Test
    void aLowOpenFilesLimitIsExplainedNotHitAsTooManyOpenFiles() throws Exception {
        // ulimit in the child's shell lowers both the soft and the hard limit, so the JVM cannot raise it.
        List<String> command = JarRun.command("--profile", "quick", "-p", "workload=virtual_threads", "-p", "n=10,2000",
                "--list").command();
        Process limited = new ProcessBuilder(concat(List.of("bash", "-c", "ulimit -n 1024 && exec \"$0\" \"$@\""), command))
                .redirectErrorStream(true).start();
        String out = new String(limited.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(limited.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(limited.exitValue()).isZero();
        assertThat(out).contains("virtual_threads okhttp n=10 ")
                .contains("n=2000").contains("needs 2512 open files per process but may open 1024")
                .contains("ulimit -n 2512").doesNotContain("Too many open files");
    }

    /**
     * Waits until {@code file} (JMH's log, which a fork's output reaches line by line) holds {@code marker}: the
     * moment to act is a state the run reached, not a time guessed for it.
     */
    private static void awaitLine(Process launcher, Path file, String marker) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        // Read as bytes: the file is being written, and a half-written UTF-8 character must not fail the read.
        while (!Files.exists(file) || !new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(marker)) {
            assertThat(System.nanoTime()).as("'" + marker + "' in " + file).isLessThan(deadline);
            assertThat(launcher.isAlive()).as("the launcher is still running").isTrue();
            Thread.sleep(50);
        }
    }

    /**
     * The compilers trained ahead, by default on JDK 25: a trial of N = 10,000 first runs a fork that writes its AOT
     * cache, and the measured fork starts from it; the cache goes with the run's temporary folder.
     */
    @Test
    void aTrainedTrialsMeasuredForkStartsFromItsTrainingForksAotCache() throws Exception {
        assumeTrue(Plan.AOT_CACHE_SUPPORTED, "an AOT cache from a training run needs JDK 25");
        Path dir = tmp.resolve("trained");
        JarRun run = JarRun.of("--profile", "quick", "-p", "workload=event_loop", "-p", "client=reactor_netty", "-p",
                "n=10000", "-p", "latencyMs=10", "-f", "1", "-wi", "0", "-i", "1", "-r", "1ms", "--no-footprint",
                "--code-warm-up", "1s", "--results", dir.toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        String jmhLog = Files.readString(dir.resolve("jmh.log"));
        assertThat(jmhLog).contains("# Training fork of event_loop reactor_netty n=10000 L=10")
                .contains("AOTCache creation is complete").doesNotContain("left no AOT cache");
        List<String> vmOptions = jmhLog.lines().filter(line -> line.startsWith("# VM options:")).toList();
        assertThat(vmOptions).hasSize(2);
        assertThat(vmOptions.get(0)).contains("-XX:AOTCacheOutput=").doesNotContain(ResultsLayout.RESULTS_DIR_PROPERTY);
        assertThat(vmOptions.get(1)).as("the JVM exits rather than run without the cache")
                .contains("-XX:AOTMode=on", "-XX:AOTCache=", ResultsLayout.RESULTS_DIR_PROPERTY);
        List<SummaryRow> rows = CsvTable.read(dir.resolve("summary.csv"), SummaryColumns.ALL);
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.get(STATUS)).isEqualTo("OK");
            assertThat(row.get(DETAILS)).contains("\"aot_cache\":true");
            assertThat(row.get(FORKS)).as("the training fork is not one of the trial's").isEqualTo(1);
        });
        assertThat(JSON.readTree(dir.resolve("meta.json").toFile()).path("aot_training").asBoolean()).isTrue();
        assertThat(ResultsLayout.forkTemp(dir)).as("the cache went with the run's temporary files").doesNotExist();
    }

    /**
     * A run slowed for the gate: --slow-client-by burns its CPU on every response of the forks, measured as the
     * client's CPU a request, and --slow-server-by has the server the launcher starts answer that much later, so no op
     * beats the slowed delay; the trial keeps its params, ideal and key for compare, and meta.json and the trial's
     * details say the run was slowed. The footprint profiler measures the client's CPU, so it stays on. The same run
     * is pinned (the server and the forks on CPUs of their own) and shuffled, which meta.json records too: one launch
     * for the three options, each an option of the run's alone.
     */
    @Test
    void aRunSlowedForTheGateKeepsItsTrialsAndSaysSo() throws Exception {
        Path dir = tmp.resolve("slowed");
        long clientByMicros = 3_000;
        JarRun run = JarRun.of(args(TINY, "-p", "workload=virtual_threads", "-i", "1", "-r", "300ms",
                "--slow-client-by", String.valueOf(clientByMicros), "--slow-server-by", "50",
                "--pin-cpus", "0:1", "--shuffle", "7", "--results", dir.toString()));

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        JsonNode meta = JSON.readTree(dir.resolve("meta.json").toFile());
        assertThat(meta.path("cpu_pinning").path("server_allowed").asText()).isEqualTo("0");
        assertThat(meta.path("cpu_pinning").path("launcher_allowed").asText()).isEqualTo("1");
        assertThat(meta.path("trial_order").path("seed").asLong()).isEqualTo(7);
        assertThat(meta.path("calibration").path("cpu_loop_ms").asDouble()).isPositive();
        assertThat(meta.path("kernel").asText()).isNotBlank();
        JsonNode slowdown = meta.path("slowdown");
        assertThat(slowdown.path("client_by_us").asLong()).isEqualTo(clientByMicros);
        assertThat(slowdown.path("server_by_percent").asDouble()).isEqualTo(50.0);
        assertThat(CsvTable.read(dir.resolve("summary.csv"), SummaryColumns.ALL)).singleElement().satisfies(row -> {
            assertThat(row.get(STATUS)).isEqualTo("OK");
            assertThat(row.get(SummaryColumns.TRIAL)).isEqualTo("virtual_threads okhttp n=5 L=100");
            assertThat(row.get(SummaryColumns.CPU_US)).isZero();
            assertThat(row.get(IDEAL_MS)).isEqualTo(100.0);
            assertThat(row.get(P50_MS)).as("L = 100 ms answered 50% later").isGreaterThanOrEqualTo(150.0);
            assertThat(row.get(CLIENT_CPU_US_PER_REQUEST)).as("the burn is on the client's CPU").isGreaterThan(
                    (double) clientByMicros);
            assertThat(row.get(DETAILS)).contains("\"slow_client_by_us\":" + clientByMicros)
                    .as("a warm-up that nothing failed tried nothing twice").contains("\"warm_up_retries\":0");
        });
    }

    /** structured's class needs preview features: its forks start with them enabled (PlanTest: no other fork does). */
    @Test
    void structuredRunsInForksThatEnablePreviewFeatures() throws Exception {
        assumeTrue(Runtime.version().feature() == Workload.STRUCTURED_JDK, "structured runs on JDK 25 alone");
        Path dir = tmp.resolve("structured");
        JarRun run = JarRun.of(args(TINY, "-p", "workload=structured", "-i", "1", "-r", "300ms", "--no-footprint",
                "--code-warm-up", "1s", "--results", dir.toString()));

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(CsvTable.read(dir.resolve("summary.csv"), SummaryColumns.ALL)).singleElement().satisfies(row -> {
            assertThat(row.get(STATUS)).isEqualTo("OK");
            assertThat(row.get(EXECUTOR)).contains("StructuredTaskScope");
        });
        assertThat(JSON.readTree(dir.resolve("jmh.json").toFile()).get(0).path("jvmArgs").toString())
                .contains("--enable-preview");
    }

    /** A second launch is refused before it starts a server or makes a folder, naming the run that holds the lock. */
    @Test
    void aSecondLaunchIsRefusedBeforeItStartsAnythingNamingTheOtherRun() throws Exception {
        Path dir = tmp.resolve("second");
        // The launcher's JVM keeps JMH's lock where JMH does: java.io.tmpdir, /tmp on Linux.
        try (FileChannel channel = FileChannel.open(Path.of("/tmp/jmh.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
             FileLock held = channel.tryLock()) {
            assertThat(held).as("no other JMH runs while the tests do").isNotNull();
            JarRun run = JarRun.of(args(TINY, "-p", "workload=virtual_threads", "--results", dir.toString()));

            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err().lines().filter(line -> !line.startsWith("WARNING:")).toList()).singleElement()
                    .asString().startsWith("error: another benchmark run holds JMH's lock /tmp/jmh.lock (pid "
                            + ProcessHandle.current().pid());
            assertThat(run.out()).as("no server started, nothing printed").isEmpty();
            assertThat(dir).doesNotExist();
        }
    }

    /**
     * A disk that fills during a run: the run stops at the trial where it happened, says so once with the system's own
     * reason, and every file it wrote before is whole.
     */
    @Test
    void aFullDiskStopsTheRunWithTheSystemsReasonAndLeavesEveryFileWhole() throws Exception {
        Optional<SmallDisk> mounted = SmallDisk.mount(tmp.resolve("disk"), 160);
        assumeTrue(mounted.isPresent(), "this machine does not let the tests mount a tmpfs");
        try (SmallDisk disk = mounted.get()) {
            Path dir = disk.root().resolve("run");
            JarRun run = JarRun.of(args(TINY, "-p", "workload=virtual_threads", "-p", "client=okhttp,jdk,reactor_netty",
                    "-i", "1", "-r", "300ms", "--results", dir.toString()));

            assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
            List<String> errors = run.err().lines().filter(line -> line.startsWith("error: ")).toList();
            assertThat(errors).singleElement().asString().containsIgnoringCase("no space left on device")
                    .contains(dir.toString());
            assertThat(run.out()).contains("FAIL: ").doesNotContain("the fork died");
            try (var files = Files.walk(dir)) {
                assertThat(files.map(Path::getFileName).map(Path::toString)).noneMatch(name -> name.endsWith(".tmp"));
            }
            JSON.readTree(dir.resolve("meta.json").toFile());
            if (Files.exists(dir.resolve("summary.csv"))) {
                assertThat(CsvTable.read(dir.resolve("summary.csv"), SummaryColumns.ALL)).allMatch(row -> row.get(STATUS).equals("OK"));
                JSON.readTree(dir.resolve("jmh.json").toFile());
            }
        }
    }

    private static String readAll(Process process) {
        try {
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new java.util.ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static void readUntil(BufferedReader out, String marker, StringBuilder seen) throws IOException {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            seen.append(line).append('\n');
            if (line.contains(marker)) {
                return;
            }
        }
        throw new AssertionError("the launcher ended before printing '" + marker + "':\n" + seen);
    }

    private static long totalCount(Path log) throws IOException {
        long count = 0;
        HistogramLogReader reader = new HistogramLogReader(log.toFile());
        for (EncodableHistogram h = reader.nextIntervalHistogram(); h != null; h = reader.nextIntervalHistogram()) {
            count += ((org.HdrHistogram.Histogram) h).getTotalCount();
        }
        reader.close();
        return count;
    }

    private static boolean refusesConnections(URI server) {
        try (Socket ignored = new Socket(server.getHost(), server.getPort())) {
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return true;
        }
    }

    private static String[] args(String[] base, String... more) {
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
