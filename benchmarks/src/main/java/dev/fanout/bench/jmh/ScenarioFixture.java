package dev.fanout.bench.jmh;

import dev.fanout.bench.recording.TrialRecorder;
import dev.fanout.bench.recording.TrialSpec;
import dev.fanout.bench.scenarios.ClaimFailedException;
import dev.fanout.bench.scenarios.CpuTask;
import dev.fanout.bench.scenarios.Outcome;
import dev.fanout.bench.scenarios.Scenario;
import dev.fanout.bench.scenarios.ScenarioRun;
import dev.fanout.bench.scenarios.ScenarioSetting;
import dev.fanout.bench.scenarios.ServerInFlight;
import dev.fanout.bench.workload.CheckedFetcher;
import dev.fanout.bench.workload.ConnectionWarmer;
import dev.fanout.bench.workload.CpuBurner;
import dev.fanout.bench.workload.Endpoint;
import dev.fanout.bench.workload.FetchFailedException;
import dev.fanout.bench.workload.HttpClientFactory;
import dev.fanout.bench.workload.RequestObserver;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.HdrHistogram.Histogram;

/**
 * Everything a scenario trial needs besides JMH, as {@link FetchNFixture} is for fetch-N: the client
 * (connections opened before measuring), the scenario, the checked request, the recorder, and the server's
 * in-flight count for the scenarios that promise a limit.
 *
 * <p>For {@code cpu_io_mix} the request latencies recorded are the I/O tasks', counted from submission, so
 * its {@code .request} histograms show what queueing behind CPU work or waiting for a carrier costs.
 */
final class ScenarioFixture implements AutoCloseable {
    private final ScenarioSetting setting;
    private final OkHttpClient client;
    private final ScenarioRun run;
    private final CheckedFetcher fetcher;
    private final TrialRecorder recorder;
    private final ServerInFlight serverInFlight;
    private final boolean serverCounts;
    private final IoLatency ioLatency;
    private Outcome last;

    private ScenarioFixture(ScenarioSetting setting, OkHttpClient client, ScenarioRun run, CheckedFetcher fetcher,
                            TrialRecorder recorder, ServerInFlight serverInFlight, boolean serverCounts,
                            IoLatency ioLatency) {
        this.setting = setting;
        this.client = client;
        this.run = run;
        this.fetcher = fetcher;
        this.recorder = recorder;
        this.serverInFlight = serverInFlight;
        this.serverCounts = serverCounts;
        this.ioLatency = ioLatency;
    }

    /**
     * Where {@code cpu_io_mix} reports each I/O task's latency from submission: into the trial's request
     * histograms and a whole-trial histogram for the details, measured iterations only. The scenario is
     * built before the recorder (the recorder's spec names the scenario's executor), hence the late recorder.
     */
    private static final class IoLatency implements LongConsumer {
        final Histogram micros = new Histogram(3);
        volatile TrialRecorder recorder;
        volatile boolean measuring;

        @Override
        public void accept(long nanosSinceSubmission) {
            if (measuring) {
                recorder.latency().requestDone(0, nanosSinceSubmission);
                micros.recordValue(TimeUnit.NANOSECONDS.toMicros(nanosSinceSubmission));
            }
        }
    }

    static ScenarioFixture start(String jmhBenchmark, Map<String, String> jmhParams, ScenarioSetting setting) {
        Scenario scenario = setting.scenario();
        ForkEnvironment env = ForkEnvironment.read(setting.n(), setting.latencyMs());
        int cores = Runtime.getRuntime().availableProcessors();
        boolean mix = scenario == Scenario.cpu_io_mix;
        double cpuTaskMs = mix ? CpuTask.costMillis(setting.cpuRange()) : 0;
        IoLatency ioLatency = new IoLatency();
        OkHttpClient client = HttpClientFactory.create(env.maxConcurrent(), env.timeout());
        ScenarioRun run = scenario.create(setting, client, ioLatency, cores);
        TrialSpec spec = new TrialSpec(scenario.name(), setting.model(), setting.name(), jmhBenchmark,
                TrialSpec.jmhParams(jmhParams), setting.n(), setting.latencyMs(), scenario.concurrency(setting), 0,
                run.executor(), scenario.idealMs(setting, cpuTaskMs, cores), setting.articleSeconds());
        TrialRecorder recorder = new TrialRecorder(spec, env.resultsDir(), true);
        ioLatency.recorder = recorder;
        try {
            Endpoint endpoint = scenario.endpoint();
            Request request = new Request.Builder().url(endpoint.url(env.serverUrl(), setting.latencyMs())).build();
            CheckedFetcher fetcher = new CheckedFetcher(client, request, endpoint,
                    mix ? RequestObserver.NONE : recorder.latency(), CpuBurner.none(), 0);
            ConnectionWarmer.open(client, env.serverUrl(), setting.n(), env.timeout());
            recorder.detail("warm_connections", client.connectionPool().connectionCount());
            if (mix) {
                recorder.detail("cpu_task_ms", cpuTaskMs);
                recorder.detail("cores", cores);
            }
            // The warm-up held n requests at once: the server's count starts after it.
            ServerInFlight serverInFlight = new ServerInFlight(client, env.serverUrl());
            boolean serverCounts = serverInFlight.reset();
            return new ScenarioFixture(setting, client, run, fetcher, recorder, serverInFlight, serverCounts, ioLatency);
        } catch (RuntimeException e) {
            recorder.setUpFailed(e);
            run.close();
            HttpClientFactory.shutdown(client);
            throw e;
        }
    }

    void iterationStarted(boolean measured) {
        ioLatency.measuring = measured;
        recorder.iterationStarted(measured);
    }

    /** Checks the server's count outside the measured ops, then notes what the last op observed. */
    void iterationEnded() {
        OptionalInt limit = setting.scenario().inFlightLimit(setting);
        if (limit.isPresent() && serverCounts) {
            OptionalLong max = serverInFlight.max();
            if (max.isPresent() && max.getAsLong() > limit.getAsInt()) {
                throw fail(System.nanoTime(), new ClaimFailedException(setting.scenario() + ": the server saw "
                        + max.getAsLong() + " requests in flight at once, more than the " + limit.getAsInt() + " it allows"));
            }
            max.ifPresent(m -> recorder.detail("server_max_in_flight_checked", m));
        }
        if (last != null) {
            last.observed().forEach(recorder::detail);
        }
        recorder.iterationEnded();
        ioLatency.measuring = false;
    }

    /** One op; throws when any request failed or was lost, or the primitive broke its promise. */
    Outcome op() throws InterruptedException {
        long start = System.nanoTime();
        Outcome outcome;
        try {
            outcome = run.run(fetcher);
        } catch (ClaimFailedException e) {
            throw fail(start, e);
        }
        long end = System.nanoTime();
        int n = setting.n();
        if (outcome.lost() > 0) {
            String lost = setting.scenario() + ": " + outcome.lost() + " of " + n + " requests were still running when the "
                    + setting.sleepMs() + " ms sleep ended; they were cancelled, their responses lost";
            recorder.opDone(start, end, n, outcome.lost(), lost);
            throw new FetchFailedException(lost);
        }
        recorder.opDone(start, end, n, fetcher.failures().count(), fetcher.failures().first());
        fetcher.failures().throwIfAnyFailed(n);
        last = outcome;
        return outcome;
    }

    /** Records a broken promise as the trial's failure (one error), so the run shows why, and returns it to throw. */
    private ClaimFailedException fail(long start, ClaimFailedException e) {
        recorder.opDone(start, System.nanoTime(), setting.n(), 1, e.getMessage());
        return e;
    }

    @Override
    public void close() {
        try {
            Histogram io = ioLatency.micros;
            if (io.getTotalCount() > 0) {
                Map<String, Object> percentiles = new LinkedHashMap<>();
                for (double p : new double[] {50, 90, 99}) {
                    percentiles.put("p" + (int) p, io.getValueAtPercentile(p) / 1e3);
                }
                percentiles.put("max", io.getMaxValue() / 1e3);
                recorder.detail("io_latency_ms", percentiles);
            }
            recorder.write();
        } finally {
            run.close();
            HttpClientFactory.shutdown(client);
        }
    }
}
