package dev.fanout.bench.jmh;

import dev.fanout.bench.models.FetchStrategy;
import dev.fanout.bench.models.Model;
import dev.fanout.bench.recording.TrialRecorder;
import dev.fanout.bench.recording.TrialSpec;
import dev.fanout.bench.workload.CheckedFetcher;
import dev.fanout.bench.workload.ConnectionWarmer;
import dev.fanout.bench.workload.CpuBurner;
import dev.fanout.bench.workload.Endpoint;
import dev.fanout.bench.workload.HttpClientFactory;
import dev.fanout.bench.workload.IdealTime;
import dev.fanout.bench.workload.RequestObserver;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Everything a fetch-N trial needs besides JMH: the client (connections opened before measuring), the
 * model, the checked request and the recorder. Kept apart from {@link FetchNBenchmark} so the benchmark
 * class holds only what JMH must see.
 */
final class FetchNFixture implements AutoCloseable {
    static final String BENCHMARK = "fetch_n";

    private final OkHttpClient client;
    private final FetchStrategy strategy;
    private final CheckedFetcher fetcher;
    private final TrialRecorder recorder;
    private final int n;

    private FetchNFixture(OkHttpClient client, FetchStrategy strategy, CheckedFetcher fetcher,
                          TrialRecorder recorder, int n) {
        this.client = client;
        this.strategy = strategy;
        this.fetcher = fetcher;
        this.recorder = recorder;
        this.n = n;
    }

    static FetchNFixture start(String jmhBenchmark, Map<String, String> jmhParams, Model model, int n,
                               long latencyMs, int poolSize, long cpuMicros, boolean recording) {
        if (n < 1 || latencyMs < 0 || cpuMicros < 0) {
            throw new IllegalArgumentException("fetch_n needs n >= 1, latencyMs >= 0, cpuMicros >= 0; got n=" + n
                    + " latencyMs=" + latencyMs + " cpuMicros=" + cpuMicros);
        }
        ForkEnvironment env = ForkEnvironment.read(n, latencyMs);
        FetchStrategy strategy = model.create(poolSize);
        int cores = Runtime.getRuntime().availableProcessors();
        int concurrency = model.concurrency(n, poolSize);
        String name = model + "-n" + n + "-l" + latencyMs + (model.usesPoolSize() ? "-k" + poolSize : "")
                + "-c" + cpuMicros;
        TrialSpec spec = new TrialSpec(BENCHMARK, model.name(), name, jmhBenchmark, TrialSpec.jmhParams(jmhParams),
                n, latencyMs, concurrency, cpuMicros, strategy.executor(),
                IdealTime.millis(n, latencyMs, concurrency, cpuMicros, cores));
        TrialRecorder recorder = new TrialRecorder(spec, env.resultsDir(), recording);

        OkHttpClient client = HttpClientFactory.create(env.maxConcurrent(), env.timeout());
        try {
            Request request = new Request.Builder().url(Endpoint.OK.url(env.serverUrl(), latencyMs)).build();
            CpuBurner burner = cpuMicros > 0 ? CpuBurner.calibrate() : CpuBurner.none();
            CheckedFetcher fetcher = new CheckedFetcher(client, request, Endpoint.OK,
                    recording ? recorder.latency() : RequestObserver.NONE, burner, cpuMicros);
            ConnectionWarmer.open(client, env.serverUrl(), n, env.timeout());
            recorder.detail("warm_connections", client.connectionPool().connectionCount());
            if (cpuMicros > 0) {
                recorder.detail("cpu_steps_per_us", burner.stepsPerMicro());
            }
            return new FetchNFixture(client, strategy, fetcher, recorder, n);
        } catch (RuntimeException e) {
            recorder.setUpFailed(e);
            strategy.close();
            HttpClientFactory.shutdown(client);
            throw e;
        }
    }

    void iterationStarted(boolean measured) {
        recorder.iterationStarted(measured);
    }

    void iterationEnded() {
        recorder.iterationEnded();
    }

    /** One op: all N requests, each checked; throws when any failed, after all of them are done. */
    List<String> fetchN() throws InterruptedException {
        fetcher.resetCounters();
        long start = System.nanoTime();
        List<String> replies = strategy.fetchAll(fetcher, n);
        long end = System.nanoTime();
        recorder.opDone(start, end, n, fetcher.failures().count(), fetcher.failures().first());
        fetcher.failures().throwIfAnyFailed(n);
        return replies;
    }

    @Override
    public void close() {
        try {
            recorder.write();
        } finally {
            strategy.close();
            HttpClientFactory.shutdown(client);
        }
    }
}
