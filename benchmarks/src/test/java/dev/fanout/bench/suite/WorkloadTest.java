package dev.fanout.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.bench.clients.Client;
import dev.fanout.bench.scenarios.Arrangement;
import dev.fanout.bench.scenarios.CpuTask;
import dev.fanout.bench.workload.CheckedFetcher;
import dev.fanout.bench.workload.FanOut;
import dev.fanout.bench.workload.Outcome;
import dev.fanout.bench.workload.RequestObserver;
import dev.fanout.bench.workload.TestServer;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every workload against the real stub server, through the same fetcher: every reply correct, never more
 * requests in flight than it promises, and never faster than its physical limit. Lower bounds are exact
 * physics; nothing here times an upper bound, since the machine is shared.
 */
class WorkloadTest {
    private static final int N = 5;
    private static final long L = 100;
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    private static final long CPU_RANGE = 1_000_000;

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

    /** A small setting of each workload: N = 5, a pool or semaphore of 2, a sleep long enough, 2 CPU tasks. */
    static Setting small(Workload workload) {
        boolean mix = workload == Workload.cpu_io_mix;
        return new Setting(workload, Client.okhttp, 1, N, L, workload.usesK() ? 2 : 0, 0,
                workload == Workload.fire_and_forget ? 3 * L : 0, mix ? 2 : 0, mix ? CPU_RANGE : 0,
                mix ? Arrangement.io_virtual_cpu_forkjoin : null, true);
    }

    @ParameterizedTest
    @EnumSource(Workload.class)
    void everyWorkloadAnswersEveryRequestWithinItsPromiseAndNoSoonerThanItsIdeal(Workload workload) throws Exception {
        Setting setting = small(workload);
        try (FanOut fanOut = setting.create(CORES, RequestObserver.NONE)) {
            CheckedFetcher fetcher = server.fetcher(setting.endpoint(), L);
            fetcher.resetCounters();
            long start = System.nanoTime();
            Outcome outcome = fanOut.run(fetcher);
            double millis = (System.nanoTime() - start) / 1e6;

            int replies = N + setting.cpuTasks();
            assertThat(outcome.replies()).hasSize(replies).doesNotContainNull();
            assertThat(fetcher.failures().count()).isZero();
            assertThat(outcome.lost()).isZero();
            OptionalInt limit = setting.inFlightLimit();
            if (limit.isPresent()) {
                assertThat(fetcher.maxInFlight()).isLessThanOrEqualTo(limit.getAsInt());
            }
            double cpuTaskMs = workload == Workload.cpu_io_mix ? CpuTask.costMillis(CPU_RANGE) : 0;
            assertThat(millis).isGreaterThanOrEqualTo(setting.idealMs(cpuTaskMs, CORES));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Workload.class, names = {"platform_threads", "virtual_threads", "completable_future_async",
            "wait_all", "gather", "event", "condition", "fire_and_forget"})
    void unboundedWorkloadsOverlapTheirRequests(Workload workload) throws Exception {
        Setting setting = small(workload);
        try (FanOut fanOut = setting.create(CORES, RequestObserver.NONE)) {
            CheckedFetcher fetcher = server.fetcher(setting.endpoint(), L);
            fetcher.resetCounters();
            fanOut.run(fetcher);
            assertThat(setting.concurrency()).isEqualTo(N);
            assertThat(fetcher.maxInFlight()).isGreaterThanOrEqualTo(2);
        }
    }
}
