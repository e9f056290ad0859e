package dev.fanout.bench.recording;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fanout.bench.workload.ServerUsage;
import dev.fanout.bench.workload.ServiceLoop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The fork's side of the results: latencies of the measurement iterations only, the counts of ops,
 * requests and failures, and on {@link #write()} one {@link ForkRecord} and two histogram logs in the
 * trial's fork folder. A failure is written at once, before the benchmark throws, so it reaches the results
 * even if the fork dies afterwards.
 */
public final class TrialRecorder {
    static final ObjectMapper JSON = new ObjectMapper();

    private final TrialSpec spec;
    private final Path forkFiles;
    private final boolean recording;
    private final LatencyRecorder latency;
    private final Map<LatencyKind, List<Histogram>> intervals = new EnumMap<>(LatencyKind.class);
    private ArrivalCounts arrivals = ArrivalCounts.NONE;
    private final Map<String, Object> details = new LinkedHashMap<>();
    private boolean measuring;
    private long ops;
    private long requests;
    private long errors;
    private String firstError;
    private final List<Double> serverCpuMsByIteration = new ArrayList<>();
    private final List<Long> serverRequestsByIteration = new ArrayList<>();
    private Double serverLatenessP99Ms;
    private Long serverMaxInFlight;
    private Long serverMaxConnections;
    private SystemCpu measuredCpu;
    private final Clock clock;
    private Long measuredFromEpochMs;
    private final int fork;

    /**
     * @param resultsDir the run's results folder, or null to keep nothing (a benchmark run outside the launcher)
     * @param recording  false to skip latency recording, to measure what it costs
     * @param latency    where requests report their latency; made before the spec, since the workload that
     *                   reports to it says what ran its requests
     */
    public TrialRecorder(TrialSpec spec, Path resultsDir, boolean recording, LatencyRecorder latency) {
        this(spec, resultsDir, recording, latency, Clock.systemUTC());
    }

    /** @param clock the wall clock that dates the fork's first measured iteration */
    TrialRecorder(TrialSpec spec, Path resultsDir, boolean recording, LatencyRecorder latency, Clock clock) {
        this.clock = clock;
        this.spec = spec;
        this.recording = recording;
        this.latency = latency;
        if (resultsDir == null) {
            this.fork = 1;
            this.forkFiles = null;
        } else {
            Path trialForks = ResultsLayout.forkFiles(resultsDir, spec.setting());
            try {
                this.fork = ResultsLayout.claimFork(trialForks);
            } catch (IOException e) {
                throw new UncheckedIOException("the fork of " + spec.setting().label() + " cannot keep its results: "
                        + e.getMessage(), e);
            }
            this.forkFiles = trialForks.resolve("fork-" + fork);
        }
    }

    /** This fork's number within its trial, from 1, in the order the trial's forks ran. */
    public int fork() {
        return fork;
    }

    public TrialSpec spec() {
        return spec;
    }

    /** Where requests report their latency. */
    public LatencyRecorder latency() {
        return latency;
    }

    public void iterationStarted(boolean measured) {
        measuring = measured;
        if (measured && measuredFromEpochMs == null) {
            measuredFromEpochMs = clock.millis();
        }
        if (measured && recording) {
            latency.reset();
        }
    }

    public void iterationEnded() {
        if (measuring && recording) {
            for (LatencyKind kind : LatencyKind.of(spec.setting())) {
                intervals.computeIfAbsent(kind, k -> new ArrayList<>()).add(latency.interval(kind));
            }
        }
        measuring = false;
    }

    /** Counts one finished op of {@code n} requests, {@code failed} of which failed. */
    public void opDone(long startNanos, long endNanos, int n, int failed, String firstFailure) {
        // A failed warm-up op counts too: its requests are what the failure message is about.
        if (measuring || failed > 0) {
            requests += n;
        }
        if (failed > 0) {
            errors += failed;
            if (firstError == null) {
                firstError = firstFailure;
            }
            write();
        } else {
            if (measuring) {
                ops++;
            }
            if (recording) {
                // in a warm-up op too: the measured ops' code, warm (see LatencyRecorder); its value is reset away
                latency.opDone(startNanos, endNanos);
            }
        }
    }

    /**
     * Counts one service-mode window of {@code n}-request arrivals (their latencies went to {@link #latency()} as they
     * finished); a failure is counted and written as {@link #opDone} does.
     */
    public void windowDone(ServiceLoop.Window window, int n) {
        if (measuring || window.failedRequests() > 0) {
            requests += window.arrivals() * n;
        }
        if (measuring) {
            ops += window.arrivals();
            arrivals = arrivals.plus(window);
        }
        if (window.failedRequests() > 0) {
            errors += window.failedRequests();
            if (firstError == null) {
                firstError = window.firstFailure();
            }
            write();
        }
    }

    /** Counts the server's CPU and requests over one measurement iteration, as its {@code /stats} told them. */
    public void serverUsed(double cpuMs, long requests) {
        serverCpuMsByIteration.add(cpuMs);
        serverRequestsByIteration.add(requests);
    }

    /**
     * What the server's {@code /stats} said of this fork, after its code warm-up: its lateness, the most requests in
     * flight and the most connections open.
     */
    public void serverSaid(ServerUsage usage) {
        serverLatenessP99Ms = usage.latenessP99Ms();
        serverMaxInFlight = usage.maxInFlight();
        serverMaxConnections = usage.maxConnections();
    }

    /** Counts the machine's CPU ticks, steal among them, over one measurement iteration. */
    public void machineCpu(SystemCpu iteration) {
        measuredCpu = measuredCpu == null ? iteration : measuredCpu.plus(iteration);
    }

    /**
     * Notes how the fork's code warm-up went, before JMH's iterations: how long it ran, the requests it made, and
     * whether the compilers went quiet rather than its time running out. Each fork's own lands in forks.csv.
     */
    public void codeWarmedUp(long millis, long requests, boolean jitSettled) {
        details.put(ForkRecord.CODE_WARM_UP_MS, millis);
        details.put(ForkRecord.CODE_WARM_UP_REQUESTS, requests);
        details.put(ForkRecord.JIT_SETTLED, jitSettled);
    }

    /** Notes something a scenario observed, for the results. */
    public void detail(String key, Object value) {
        details.put(key, value);
    }

    /** Records that the trial could not even start, so the run shows why instead of a missing row. */
    public void setUpFailed(Throwable failure) {
        firstError = "set-up failed: " + failure.getMessage();
        write();
    }

    /** Writes this fork's record and latency logs; a no-op outside the launcher. */
    public void write() {
        if (forkFiles == null) {
            return;
        }
        try {
            if (recording) {
                for (LatencyKind kind : LatencyKind.of(spec.setting())) {
                    HistogramFiles.writeLog(kind.log(forkFiles), kind.description(), intervals.getOrDefault(kind, List.of()));
                }
            }
            ForkRecord record = new ForkRecord(spec, fork, ops, requests, errors, firstError, recording,
                    serverCpuMsByIteration, serverRequestsByIteration, serverLatenessP99Ms, serverMaxInFlight, serverMaxConnections, measuredCpu,
                    measuredFromEpochMs, details, arrivals);
            AtomicFiles.write(ResultsLayout.sibling(forkFiles, ".json"), out -> JSON.writeValue(out, record));
        } catch (IOException e) {
            // The message names the file and the system's reason; it reaches jmh.log as the fork's failure.
            throw new UncheckedIOException("the fork of " + spec.setting().label() + " cannot keep its results: "
                    + e.getMessage(), e);
        }
    }
}
