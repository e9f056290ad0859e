package dev.fanout.bench.jmh;

import dev.fanout.bench.recording.ResultsLayout;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalDouble;

/**
 * What the launcher tells every benchmark fork through system properties: a forked JVM inherits nothing
 * else. A benchmark run by plain JMH must pass them with {@code -jvmArgsAppend}.
 *
 * @param serverUrl     the stub server ({@value #SERVER_URL})
 * @param resultsDir    where the fork writes its records, or null to write nothing ({@value ResultsLayout#RESULTS_DIR_PROPERTY})
 * @param maxConcurrent the largest fan-out of the whole run, which sizes the HTTP client of every trial alike
 *                      ({@value #MAX_CONCURRENT}; defaults to the trial's own N)
 * @param timeout       the limit of one request ({@value #TIMEOUT_MS}; defaults to 10 × L, at least 10 s)
 * @param cpuTaskMs     the cost of one of {@code cpu_io_mix}'s CPU tasks as the launcher measured it for its plan
 *                      ({@value #CPU_TASK_MS}), so that the plan and the results judge the trial by one ideal;
 *                      empty when the fork must measure it
 * @param slowClientByMicros CPU work added to every correct response on top of the trial's {@code cpuMicros}, µs
 *                      ({@value #SLOW_CLIENT_BY_MICROS}; 0 unless the launcher was given {@code --slow-client-by}): a
 *                      real slowdown of the client that leaves the trial's params, and so its key, as they are
 * @param codeWarmUp    how long the fixture's own warm-up runs at most before JMH's, if the compilers do not go quiet
 *                      first ({@value #CODE_WARM_UP_MS}; the launcher's {@code --code-warm-up}, default
 *                      {@link #DEFAULT_CODE_WARM_UP})
 */
public record ForkEnvironment(URI serverUrl, Path resultsDir, int maxConcurrent, Duration timeout,
                              OptionalDouble cpuTaskMs, long slowClientByMicros, Duration codeWarmUp) {
    public static final String SERVER_URL = "fanout.server.url";
    public static final String MAX_CONCURRENT = "fanout.client.max-concurrent";
    public static final String TIMEOUT_MS = "fanout.request.timeout-ms";
    public static final String CPU_TASK_MS = "fanout.cpu-task-ms";
    public static final String SLOW_CLIENT_BY_MICROS = "fanout.client.slow-by-micros";
    public static final String CODE_WARM_UP_MS = "fanout.code-warm-up-ms";
    /**
     * The fixture's warm-up at most: at N = 10,000 the compilers are often still at work when it ends (34 of the 63
     * forks of the reference runs of 2026-12-07, evening, stopped there); longer warm-ups (caps of 14 and 15 s, ten
     * JMH warm-up ops more) were measured and not adopted (docs/spread.md).
     */
    public static final Duration DEFAULT_CODE_WARM_UP = Duration.ofSeconds(6);
    /**
     * The JVM option that starts a fork from its trial's AOT cache (the launcher's training, JmhTrialRunner), by which
     * the fork knows it was.
     */
    public static final String AOT_CACHE_OPTION = "-XX:AOTCache=";

    /**
     * What one request may queue behind in a fan-out of N, at most, before it is a failure: a millisecond of CPU each,
     * ten times what the client and the server spend on one here. Over h2c one connection, and so one of the server's
     * I/O threads, carries the whole fan-out, so the last of 100,000 requests waits for the 99,999 before it.
     */
    static final double TIMEOUT_MS_PER_REQUEST_IN_FLIGHT = 1.0;

    /** The limit of one request of a fan-out of {@code n} at {@code latencyMs}: 10 × L, or 10 s, or 1 ms a request. */
    public static Duration defaultTimeout(int n, long latencyMs) {
        return Duration.ofMillis(Math.max(Math.max(10_000, 10 * latencyMs),
                Math.round(n * TIMEOUT_MS_PER_REQUEST_IN_FLIGHT)));
    }

    /** Reads the fork's settings for a trial of {@code n} requests of {@code latencyMs}. */
    public static ForkEnvironment read(int n, long latencyMs) {
        String url = System.getProperty(SERVER_URL);
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("no stub server: run through the launcher (java -jar benchmarks.jar),"
                    + " or give the fork -D" + SERVER_URL + "=http://HOST:PORT");
        }
        URI serverUrl;
        try {
            serverUrl = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(SERVER_URL + " is not a URL: " + url, e);
        }
        if (!"http".equals(serverUrl.getScheme()) || serverUrl.getHost() == null) {
            throw new IllegalArgumentException(SERVER_URL + " is not an http URL: " + url);
        }
        int maxConcurrent = Math.max(n, Integer.getInteger(MAX_CONCURRENT, n));
        long timeoutMs = Long.getLong(TIMEOUT_MS, defaultTimeout(n, latencyMs).toMillis());
        String cpuTaskMs = System.getProperty(CPU_TASK_MS);
        long slowClientByMicros = Long.getLong(SLOW_CLIENT_BY_MICROS, 0);
        if (slowClientByMicros < 0) {
            throw new IllegalArgumentException(SLOW_CLIENT_BY_MICROS + " must be 0 or more, got " + slowClientByMicros);
        }
        long codeWarmUpMs = Long.getLong(CODE_WARM_UP_MS, DEFAULT_CODE_WARM_UP.toMillis());
        if (codeWarmUpMs <= 0) {
            throw new IllegalArgumentException(CODE_WARM_UP_MS + " must be more than 0, got " + codeWarmUpMs);
        }
        return new ForkEnvironment(serverUrl, ResultsLayout.fromSystemProperty(), maxConcurrent,
                Duration.ofMillis(timeoutMs),
                cpuTaskMs == null ? OptionalDouble.empty() : OptionalDouble.of(Double.parseDouble(cpuTaskMs)),
                slowClientByMicros, Duration.ofMillis(codeWarmUpMs));
    }
}
