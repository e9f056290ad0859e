package dev.fanout.bench.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.bench.recording.CalibrationFigures;
import dev.fanout.bench.workload.Endpoint;
import dev.fanout.bench.workload.PlainHttp;
import dev.fanout.bench.workload.ServerUsage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What tells this machine from another, measured at the start of every run (meta.json's {@code calibration}): a run's
 * milliseconds and CPU per request belong to its machine, and two machines of "the same kind" differed by up to 3 x
 * in them (another kernel build, another host), while each row's ratio to its tight bound moved by a median of 5%.
 * {@code compare} reads these figures to say whether two runs' machines differ, and then judges on the ratios.
 *
 * @param cpuLoopMs         a fixed integer loop, compiled: the fastest of several, ms
 * @param threadStartUs     starting and joining one platform thread, µs: the median of several batches
 * @param loopbackClientCpuUs one HTTP request over loopback to the server, one after another on a kept-alive socket
 *                          ({@code PlainHttp}): the client's CPU, µs (the sending thread's own); null when the server
 *                          did not answer in time and as HTTP/1.1 with a Content-Length
 * @param loopbackServerCpuUs the same requests' CPU at the stub server, µs (its /stats); null when it does not tell
 * @param loopbackRoundTripUs the same requests' wall time each, µs
 */
record Calibration(@JsonProperty(CalibrationFigures.CPU_LOOP_MS) double cpuLoopMs,
                   @JsonProperty(CalibrationFigures.THREAD_START_US) double threadStartUs,
                   @JsonProperty(CalibrationFigures.LOOPBACK_CLIENT_CPU_US) Double loopbackClientCpuUs,
                   @JsonProperty(CalibrationFigures.LOOPBACK_SERVER_CPU_US) Double loopbackServerCpuUs,
                   @JsonProperty(CalibrationFigures.LOOPBACK_ROUND_TRIP_US) Double loopbackRoundTripUs) {
    private static final long LOOP_STEPS = 50_000_000L;
    private static final int LOOP_TRIES = 7;
    private static final int THREADS_PER_BATCH = 500;
    private static final int THREAD_BATCHES = 5;
    private static final int REQUESTS_WARM_UP = 2_000;
    /** Enough that the server's CPU, counted in 10 ms ticks, is known to a few percent: about 100 ms of it here. */
    private static final int REQUESTS = 5_000;
    /** The longest wait to connect, and for each part of an answer, before the loopback figures are left out. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Where the loop's result goes, so that the JIT cannot drop the loop. */
    private static volatile long sink;

    /**
     * Measures this machine against the stub server at {@code server}.
     *
     * @param serverStats the server's {@code /stats} now, empty when it has none
     */
    static Calibration measure(URI server, Supplier<Optional<JsonNode>> serverStats) {
        double loop = timeLoopMs();
        double thread = timeThreadStartUs();
        byte[] instant = PlainHttp.request("GET", Endpoint.OK.url(server, 0));
        try (PlainHttp connection = new PlainHttp(server, TIMEOUT)) {
            for (int i = 0; i < REQUESTS_WARM_UP; i++) {
                connection.exchange(instant);
            }
            Optional<ServerUsage> before = serverStats.get().map(ServerUsage::of);
            long cpuStart = THREADS.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            for (int i = 0; i < REQUESTS; i++) {
                connection.exchange(instant);
            }
            long elapsed = System.nanoTime() - start;
            long cpu = THREADS.getCurrentThreadCpuTime() - cpuStart;
            Optional<ServerUsage> after = serverStats.get().map(ServerUsage::of);
            // The /stats request itself is among the server's: one in thousands.
            ServerUsage used = before.isPresent() && after.isPresent() ? after.get().since(before.get()) : null;
            return new Calibration(loop, thread, cpu / 1000.0 / REQUESTS, used == null ? null : used.cpuMicrosPerRequest(),
                    elapsed / 1000.0 / REQUESTS);
        } catch (IOException e) {
            return new Calibration(loop, thread, null, null, null);
        }
    }

    /** The kernel this runs on, as it names its own build ({@code /proc/version}), or the JVM's word for it. */
    static String kernel() {
        try {
            return Files.readString(Path.of("/proc/version")).strip();
        } catch (IOException e) {
            return System.getProperty("os.name") + " " + System.getProperty("os.version");
        }
    }

    /** The fastest of several runs of a fixed integer loop, after as many to compile it. */
    private static double timeLoopMs() {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 2 * LOOP_TRIES; i++) {
            long start = System.nanoTime();
            sink += loop(LOOP_STEPS);
            double ms = (System.nanoTime() - start) / 1e6;
            if (i >= LOOP_TRIES) {
                best = Math.min(best, ms);
            }
        }
        return best;
    }

    /** xorshift64*: each step depends on the one before, so the loop is latency-bound and cannot be vectorized. */
    private static long loop(long steps) {
        long x = 88172645463325252L;
        for (long i = 0; i < steps; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x * 0x2545F4914F6CDD1DL;
    }

    /** The median of several batches of starting and joining threads, µs a thread. */
    private static double timeThreadStartUs() {
        double[] batches = new double[THREAD_BATCHES];
        for (int b = 0; b < THREAD_BATCHES; b++) {
            long start = System.nanoTime();
            for (int i = 0; i < THREADS_PER_BATCH; i++) {
                Thread thread = new Thread(() -> sink++);
                thread.start();
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while calibrating", e);
                }
            }
            batches[b] = (System.nanoTime() - start) / 1000.0 / THREADS_PER_BATCH;
        }
        Arrays.sort(batches);
        return batches[THREAD_BATCHES / 2];
    }
}
