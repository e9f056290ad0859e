package dev.fanout.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.bench.clients.Client;
import dev.fanout.bench.suite.Params;
import dev.fanout.bench.suite.Setting;
import dev.fanout.bench.suite.Workload;
import dev.fanout.bench.workload.CheckedFetcher;
import dev.fanout.bench.workload.CpuBurner;
import dev.fanout.bench.workload.Endpoint;
import dev.fanout.bench.workload.FanOut;
import dev.fanout.bench.workload.FetchFailedException;
import dev.fanout.bench.workload.RequestObserver;
import dev.fanout.bench.workload.TestServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The warm-up before a trial's measured ops, against the real stub server: a workload that cancels its own requests
 * by design still warms up (CI once failed fire_and_forget because its first, cold op outlived the sleep), and a
 * request that truly fails still stops the trial before it measures anything.
 */
class CodeWarmUpTest {
    private static final int N = 3;
    private static final long L = 100;

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Fire and forget with a sleep of {@code sleepMs}. */
    private static FanOut fireAndForget(long sleepMs) {
        return Setting.of(Params.WORKLOAD, Workload.fire_and_forget, Params.CLIENT, Client.okhttp, Params.N, N,
                Params.LATENCY_MS, L, Params.SLEEP_MS, sleepMs)
                .create(1, RequestObserver.NONE);
    }

    /**
     * Settling on a quiet compiler and a clock 600 ms further on at every reading: after one op neither its requests
     * nor its shortest time are reached, after two they are.
     */
    private static JitSettling twoOps() {
        long[] readings = {0};
        return new JitSettling(() -> TimeUnit.MILLISECONDS.toNanos(600 * readings[0]++), () -> 0L, 2 * N,
                ForkEnvironment.DEFAULT_CODE_WARM_UP);
    }

    @Test
    void requestsTheWorkloadCancelledByDesignDoNotFailTheWarmUp() throws Exception {
        JitSettling jit = twoOps();
        try (FanOut sleepShorterThanL = fireAndForget(L / 3)) {
            FanOutFixture.warmCode(sleepShorterThanL, server.fetcher(L), N, jit, () -> { });
        }
        assertThat(jit.requests()).isEqualTo(2 * N);
        assertThat(jit.settled()).isTrue();
    }

    /** What a measured iteration runs between its ops runs before every warm-up op, as it will before measured ones. */
    @Test
    void theIterationBoundaryIsRehearsedBeforeEachOp() throws Exception {
        JitSettling jit = twoOps();
        List<Integer> requestsAtEachBoundary = new ArrayList<>();
        try (FanOut fanOut = fireAndForget(2 * L)) {
            FanOutFixture.warmCode(fanOut, server.fetcher(L), N, jit, () -> requestsAtEachBoundary.add(jit.requests()));
        }
        assertThat(requestsAtEachBoundary).containsExactly(0, N);
    }

    @Test
    void aRequestThatFailsStopsTheWarmUp() throws Exception {
        CheckedFetcher refused = new CheckedFetcher(List.of(server.client()), URI.create("http://127.0.0.1:1/"),
                Endpoint.OK, RequestObserver.NONE, CpuBurner.none(), 0);
        try (FanOut sleepLongerThanAFailure = fireAndForget(3 * L)) {
            assertThatThrownBy(() -> FanOutFixture.warmCode(sleepLongerThanAFailure, refused, N, twoOps(), () -> { }))
                    .isInstanceOf(FetchFailedException.class).hasMessageContaining("3 of 3 requests failed");
        }
    }
}
