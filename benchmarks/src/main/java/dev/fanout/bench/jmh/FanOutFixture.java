package dev.fanout.bench.jmh;

import dev.fanout.bench.clients.ClientSettings;
import dev.fanout.bench.clients.HttpClient;
import dev.fanout.bench.profiler.MeasuredWindow;
import dev.fanout.bench.recording.SystemCpu;
import dev.fanout.bench.recording.LatencyRecorder;
import dev.fanout.bench.recording.TrialRecorder;
import dev.fanout.bench.recording.TrialSpec;
import dev.fanout.bench.scenarios.CpuTask;
import dev.fanout.bench.suite.Setting;
import dev.fanout.bench.suite.Workload;
import dev.fanout.bench.workload.ArrivalSchedule;
import dev.fanout.bench.workload.CheckedFetcher;
import dev.fanout.bench.workload.ClaimFailedException;
import dev.fanout.bench.workload.CpuBurner;
import dev.fanout.bench.workload.Endpoint;
import dev.fanout.bench.workload.FanOut;
import dev.fanout.bench.workload.FetchFailedException;
import dev.fanout.bench.workload.Outcome;
import dev.fanout.bench.workload.PlainHttp;
import dev.fanout.bench.workload.RequestObserver;
import dev.fanout.bench.workload.StatsReader;
import dev.fanout.bench.workload.ServerUsage;
import dev.fanout.bench.workload.ServiceLoop;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything a trial needs besides JMH: the clients (connections opened before measuring), the workload, the
 * checked request, the recorder, and the checks of what the workload promises about requests in flight, on
 * the client's count after every op and on the server's after every iteration. Kept apart from
 * {@link FanOutBenchmark} so the benchmark class holds only what JMH must see.
 *
 * <p>For {@code cpu_io_mix} the request latencies recorded are the I/O tasks', counted from submission, so
 * its request histograms show what queueing behind CPU work or waiting for a carrier costs.
 */
final class FanOutFixture implements AutoCloseable {
    /** How long each warm-up request waits at the server, so that the warm-up's requests overlap. */
    private static final long WARM_UP_HOLD_MS = 200;
    /**
     * The warm-up's time for each connection it opens, beyond a request's timeout: a fresh fork on a loaded machine
     * took more than 10 s to open 10,000 (with -Xbatch, or a server pinned to one core), and that is no failure of
     * the trial, whose measured requests all find their connection open.
     */
    private static final long CONNECT_ALLOWANCE_MS = 1;
    /**
     * The fewest requests run through the workload before the first iteration, however soon the JIT goes quiet
     * ({@link JitSettling}): JMH's warm-up is counted in time, or for ops of over a second in single ops, so it would
     * run few requests and the JIT would still be compiling the client while measured.
     */
    private static final int CODE_WARM_UP_REQUESTS = 1_000;

    private final Setting setting;
    private final List<HttpClient> clients;
    private final FanOut fanOut;
    private final CheckedFetcher fetcher;
    private final TrialRecorder recorder;
    private final StatsReader serverStats;
    private final boolean serverCounts;
    /** Service mode's scheduler. */
    private final ServiceLoop serviceLoop = ServiceLoop.onVirtualThreads();
    /** Service mode's windows so far, which seed each window's Poisson arrivals: a run can be repeated exactly. */
    private long windows;
    private int mostInFlight;
    private Outcome last;
    /** The server's usage as a measured iteration began, or null. */
    private ServerUsage serverAtStart;
    /** The machine's CPU ticks as a measured iteration began, or null. */
    private SystemCpu machineAtStart;

    private FanOutFixture(Setting setting, List<HttpClient> clients, FanOut fanOut, CheckedFetcher fetcher,
                          TrialRecorder recorder, StatsReader serverStats, boolean serverCounts) {
        this.setting = setting;
        this.clients = clients;
        this.fanOut = fanOut;
        this.fetcher = fetcher;
        this.recorder = recorder;
        this.serverStats = serverStats;
        this.serverCounts = serverCounts;
    }

    static FanOutFixture start(String jmhBenchmark, Setting setting) {
        ForkEnvironment env = ForkEnvironment.read(setting.n(), setting.latencyMs());
        int cores = Runtime.getRuntime().availableProcessors();
        boolean mix = setting.workload() == Workload.cpu_io_mix;
        double cpuTaskMs = mix ? env.cpuTaskMs().orElseGet(() -> CpuTask.costMillis(setting.cpuRange())) : 0;
        LatencyRecorder latency = new LatencyRecorder();
        // Requests report to one observer from the first warm-up op on, so that the JIT compiles the measured code.
        RequestObserver recorded = setting.recording() ? latency : RequestObserver.NONE;
        FanOut fanOut = setting.create(cores, mix ? recorded : RequestObserver.NONE);
        TrialSpec spec = new TrialSpec(setting, jmhBenchmark, setting.concurrency(), fanOut.executor(),
                setting.idealMs(cpuTaskMs, cores), cpuTaskMs);
        TrialRecorder recorder = new TrialRecorder(spec, env.resultsDir(), setting.recording(), latency);
        ClientSettings clientSettings = new ClientSettings(Math.ceilDiv(env.maxConcurrent(), setting.pools()),
                env.timeout(), setting.workload() == Workload.event_loop, setting.protocol());
        List<HttpClient> clients = new ArrayList<>(setting.pools());
        StatsReader serverStats = new StatsReader(env.serverUrl(), env.timeout());
        try {
            for (int i = 0; i < setting.pools(); i++) {
                clients.add(setting.client().create(clientSettings));
            }
            Endpoint endpoint = setting.endpoint();
            URI url = endpoint.url(env.serverUrl(), setting.latencyMs());
            // The launcher's --slow-client-by adds to the work of the trial's own cpuMicros, not to its params.
            long workPerResponseMicros = setting.cpuMicros() + env.slowClientByMicros();
            RequestObserver observer = mix ? RequestObserver.NONE : recorded;
            int warmUpRetries = warm(clients, env, setting.n());
            long warmUpLatencyMs = JitSettling.warmUpLatencyMs(setting.latencyMs(), setting.n(), spec.idealMs(),
                    CODE_WARM_UP_REQUESTS);
            CheckedFetcher warmUp = new CheckedFetcher(clients, endpoint.url(env.serverUrl(), warmUpLatencyMs),
                    endpoint, observer, burner(workPerResponseMicros), workPerResponseMicros);
            JitSettling jit = JitSettling.ofThisJvm(CODE_WARM_UP_REQUESTS, env.codeWarmUp());
            warmCode(fanOut, warmUp, setting.n(), jit, () -> rehearseIterationBoundary(serverStats, latency));
            // Calibrated again now that the warm-up has compiled the steps: a virtual thread burns by the rate alone.
            CpuBurner burner = burner(workPerResponseMicros);
            CheckedFetcher fetcher = new CheckedFetcher(clients, url, endpoint, observer, burner, workPerResponseMicros);
            recorder.detail("code_warm_up_latency_ms", warmUpLatencyMs);
            recorder.codeWarmedUp(jit.elapsedMillis(), jit.requests(), jit.settled());
            recorder.detail("warm_connections", clients.stream().mapToInt(HttpClient::openConnections).sum());
            recorder.detail("warm_up_retries", warmUpRetries);
            if (startedFromAotCache()) {
                recorder.detail("aot_cache", true); // the launcher's --aot-training; the JVM would have exited without it
            }
            if (workPerResponseMicros > 0) {
                recorder.detail("cpu_steps_per_us", burner.stepsPerMicro());
            }
            if (env.slowClientByMicros() > 0) {
                recorder.detail("slow_client_by_us", env.slowClientByMicros());
            }
            if (mix) {
                recorder.detail("cpu_task_ms", cpuTaskMs);
                recorder.detail("cores", cores);
            }
            String notSpoken = serverStats.read().map(ServerUsage::of).map(warmed -> warmed.notSpoken(setting.protocol()))
                    .orElse(null);
            if (notSpoken != null) {
                throw new IllegalStateException(notSpoken);
            }
            // The warm-up held n requests at once: the server's count starts after it.
            boolean serverCounts = serverStats.reset();
            return new FanOutFixture(setting, clients, fanOut, fetcher, recorder, serverStats, serverCounts);
        } catch (IOException | InterruptedException | RuntimeException e) {
            recorder.setUpFailed(e);
            fanOut.close();
            clients.forEach(HttpClient::close);
            serverStats.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Opens the connections the trial will use: its N requests spread over the pools as the fetcher spreads them.
     *
     * @return the warm-up's requests that failed once and were tried again ({@link HttpClient#warm})
     */
    private static int warm(List<HttpClient> clients, ForkEnvironment env, int n) throws IOException {
        URI hold = Endpoint.OK.url(env.serverUrl(), WARM_UP_HOLD_MS);
        int retried = 0;
        for (int i = 0; i < clients.size(); i++) {
            int share = n / clients.size() + (i < n % clients.size() ? 1 : 0);
            if (share > 0) {
                retried += clients.get(i).warm(hold, share, env.timeout().plusMillis(WARM_UP_HOLD_MS + share * CONNECT_ALLOWANCE_MS));
            }
        }
        return retried;
    }

    private static CpuBurner burner(long workPerResponseMicros) {
        return workPerResponseMicros > 0 ? CpuBurner.calibrate() : CpuBurner.none();
    }

    /**
     * Runs the workload's whole code path, recording included (the recorder forgets it when measuring starts), until
     * the JIT has settled, so that every trial starts equally warm and no compiler competes with the measured ops for
     * the cores. Before each op it runs {@code iterationBoundary}, what a measured iteration runs between its ops, so
     * that the measured ops find the JIT's profile as the warm-up left it. An op in which the workload itself cancelled
     * requests (fire_and_forget's sleep ended first, as it may while the code is still cold) is a warm-up op like
     * any other: its cancelled requests are its design, not a failure; the measured ops still judge them.
     *
     * @throws FetchFailedException when a warm-up request fails for any other reason
     */
    static void warmCode(FanOut fanOut, CheckedFetcher warmUp, int n, JitSettling jit, Runnable iterationBoundary)
            throws InterruptedException {
        do {
            iterationBoundary.run();
            warmUp.resetCounters();
            Outcome outcome = fanOut.run(warmUp);
            if (outcome.lost() == 0) {
                warmUp.failures().throwIfAnyFailed(n);
            }
        } while (jit.runAnother(n));
    }

    /**
     * What {@link #iterationStarted} and {@link #iterationEnded} run besides the ops, and the set-up's last reset: the
     * server's counters (a GET and a POST on the harness's own connection, a larger JSON body than the fan-out's,
     * parsed with the Jackson code that checks every response) and the machine's CPU read. Run for the first time
     * between the warm-up and the first measured op, they took branches and types the warm-up's requests never had,
     * and C2 threw away and recompiled the request path during the measured ops. Rehearsed, the compilers' CPU per
     * measured op at N = 10,000 fell from 218 to 137 ms through reactor-netty's event loop and from 478 to 119 ms
     * through the JDK's async API (medians of five launches; docs/spread.md). The counters were then still asked
     * through the client under test, which no rehearsal could make safe at N = 10,000 ({@link PlainHttp} says why).
     * The latency recorder's interval reads are rehearsed too ({@link LatencyRecorder#rehearseIterationEnd} says why).
     */
    private static void rehearseIterationBoundary(StatsReader serverStats, LatencyRecorder latency) {
        latency.rehearseIterationEnd();
        serverStats.reset();
        serverStats.read().map(ServerUsage::of);
        SystemCpu.now();
    }

    /**
     * Marks the start of an iteration's ops; a measured one also reads the server's CPU, so that the server's CPU per
     * request is counted over the same stretch as the client's, not over the whole trial (whose warm-up alone is
     * tens of thousands of requests at L = 0, and whose end closes every connection).
     */
    void iterationStarted(boolean measured) {
        recorder.iterationStarted(measured);
        serverAtStart = measured && serverCounts ? serverStats.read().map(ServerUsage::of).orElse(null) : null;
        machineAtStart = measured ? SystemCpu.now().orElse(null) : null;
        MeasuredWindow.begin();
    }

    /** Checks the server's count outside the measured ops, then notes what the ops observed. */
    void iterationEnded() {
        MeasuredWindow.end();
        if (machineAtStart != null) {
            SystemCpu.now().ifPresent(now -> recorder.machineCpu(now.since(machineAtStart)));
        }
        // Read only for a measured iteration's CPU, or for a workload whose in-flight limit the server must confirm.
        boolean readServer = serverCounts && (serverAtStart != null || checksInFlight());
        ServerUsage server = readServer ? serverStats.read().map(ServerUsage::of).orElse(null) : null;
        ServerUsage used = server == null ? null : server.since(serverAtStart);
        if (used != null) {
            recorder.serverUsed(used.cpuMs(), used.requests());
        }
        if (checksInFlight() && server != null) {
            // The query that reads the count is in flight too, but alone: the iteration's ops are all done.
            Optional<Long> max = Optional.ofNullable(server.maxInFlight());
            if (max.isPresent()) {
                try {
                    setting.checkInFlight("the server", max.get());
                } catch (ClaimFailedException e) {
                    throw fail(System.nanoTime(), e);
                }
                recorder.detail("server_max_in_flight_checked", max.get());
            }
        }
        recorder.detail("max_in_flight", mostInFlight);
        if (last != null) {
            last.observed().forEach(recorder::detail);
        }
        recorder.iterationEnded();
    }

    /** One op; throws when any request failed or was lost, or the workload broke its promise. */
    Outcome op() throws InterruptedException {
        fetcher.resetCounters();
        long start = System.nanoTime();
        Outcome outcome;
        try {
            outcome = fanOut.run(fetcher);
        } catch (ClaimFailedException e) {
            throw fail(start, e);
        }
        long end = System.nanoTime();
        int inFlight = fetcher.maxInFlight();
        mostInFlight = Math.max(mostInFlight, inFlight);
        try {
            setting.checkInFlight("the client", inFlight);
        } catch (ClaimFailedException e) {
            throw fail(start, e);
        }
        int n = setting.n();
        if (outcome.lost() > 0) {
            // fire_and_forget's sleep, or structured's first failure or deadline, ended the op with requests still out.
            Object endedBy = outcome.observed().getOrDefault("ended_by", "the end of its " + setting.sleepMs() + " ms sleep");
            String lost = setting.workload() + ": " + outcome.lost() + " of " + n + " requests were still running when"
                    + " the op ended, by " + endedBy + "; they were cancelled, their responses lost";
            recorder.opDone(start, end, n, outcome.lost() + fetcher.failures().count(), lost);
            throw new FetchFailedException(lost);
        }
        recorder.opDone(start, end, n, fetcher.failures().count(), fetcher.failures().first());
        fetcher.failures().throwIfAnyFailed(n);
        last = outcome;
        return outcome;
    }

    /**
     * One service-mode window: fan-outs arriving at the setting's rate for {@code windowNanos}, then every one of them
     * finished; throws when any request failed.
     */
    ServiceLoop.Window serve(long windowNanos) throws InterruptedException {
        fetcher.resetCounters();
        ArrivalSchedule schedule = setting.poisson() ? ArrivalSchedule.poisson(setting.rate(), windows)
                : ArrivalSchedule.uniform(setting.rate());
        windows++;
        ServiceLoop.Window window = serviceLoop.run(schedule, windowNanos, fanOut, fetcher,
                setting.recording() ? recorder.latency() : ServiceLoop.ArrivalObserver.NONE);
        mostInFlight = Math.max(mostInFlight, fetcher.maxInFlight());
        recorder.windowDone(window, setting.n());
        if (window.failedRequests() > 0) {
            throw new FetchFailedException(window.failedRequests() + " requests of " + window.arrivals() + " arrivals of "
                    + setting.n() + " failed; first: " + window.firstFailure());
        }
        return window;
    }

    /**
     * Whether the workload's promise about requests in flight is checked: a promise about one fan-out, which in
     * service mode shares the client and the server with every other arrival in flight.
     */
    private boolean checksInFlight() {
        return setting.inFlightLimit().isPresent() && !setting.inServiceMode();
    }

    /** Records a broken promise as the trial's failure (one error), so the run shows why, and returns it to throw. */
    private ClaimFailedException fail(long start, ClaimFailedException e) {
        recorder.opDone(start, System.nanoTime(), setting.n(), 1, e.getMessage());
        return e;
    }

    @Override
    public void close() {
        try {
            if (serverCounts) {
                // Since the reset after the code warm-up: this fork's own lateness, as a draw of the trial's.
                serverStats.read().map(ServerUsage::of).ifPresent(recorder::serverSaid);
            }
            recorder.write();
        } finally {
            fanOut.close();
            clients.forEach(HttpClient::close);
            serverStats.close();
        }
    }

    /** Whether this JVM was started from an AOT cache ({@code -XX:AOTCache}), as a trained trial's forks are. */
    private static boolean startedFromAotCache() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(argument -> argument.startsWith(ForkEnvironment.AOT_CACHE_OPTION));
    }
}
