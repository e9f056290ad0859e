package dev.fanout.bench.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.bench.workload.CheckedFetcher;
import dev.fanout.bench.workload.TestServer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every model against the real stub server: every reply correct, and the physical bounds hold. Lower
 * bounds are exact physics; upper bounds are loose enough for a loaded 2-core machine, yet tight enough
 * that a model running its requests one by one (N × L = 500 ms) fails them.
 */
class ModelBoundsTest {
    private static final int N = 5;
    private static final long L = 100;

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer();
        server.fetcher(0).fetch();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void everyModelReturnsEveryReplyInOrderAndCorrect(Model model) throws Exception {
        try (FetchStrategy strategy = model.create(2)) {
            CheckedFetcher fetcher = server.fetcher(L);
            List<String> replies = strategy.fetchAll(fetcher, N);
            assertThat(replies).hasSize(N).containsOnly("ok");
            assertThat(fetcher.failures().count()).isZero();
            // Never more in flight than the model allows; a concurrent model really overlaps its requests.
            int allowed = model.concurrency(N, 2);
            assertThat(fetcher.maxInFlight()).isLessThanOrEqualTo(allowed).isGreaterThanOrEqualTo(Math.min(allowed, 2));
        }
    }

    @Test
    void sequentialTakesAtLeastNTimesL() throws Exception {
        assertThat(millisOf(Model.sequential, 0)).isGreaterThanOrEqualTo(N * L);
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"platform_threads", "virtual_threads", "completable_future_async"})
    void unboundedModelsTakeAboutOneLatency(Model model) throws Exception {
        long millis = millisOf(model, 0);
        assertThat(millis).isGreaterThanOrEqualTo(L).isLessThan(N * L);
    }

    @Test
    void commonPoolFutureTakesTheWavesOfItsRealExecutor() throws Exception {
        int k = Model.completable_future.concurrency(N, 0);
        long millis = millisOf(Model.completable_future, 0);
        long waves = (N + k - 1) / k;
        assertThat(millis).isGreaterThanOrEqualTo(waves * L);
    }

    @Test
    void fixedPoolOfTwoTakesThreeWaves() throws Exception {
        assertThat(millisOf(Model.fixed_pool, 2)).isGreaterThanOrEqualTo(3 * L);
    }

    private static long millisOf(Model model, int k) throws Exception {
        try (FetchStrategy strategy = model.create(k)) {
            CheckedFetcher fetcher = server.fetcher(L);
            long start = System.nanoTime();
            strategy.fetchAll(fetcher, N);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(fetcher.failures().count()).isZero();
            return millis;
        }
    }
}
