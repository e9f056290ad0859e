package dev.fanout.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.bench.clients.Client;
import dev.fanout.bench.clients.ClientSettings;
import dev.fanout.bench.clients.HttpClient;
import dev.fanout.bench.scenarios.Arrangement;
import dev.fanout.bench.scenarios.CpuTask;
import dev.fanout.bench.workload.CheckedFetcher;
import dev.fanout.bench.workload.CpuBurner;
import dev.fanout.bench.workload.Endpoint;
import dev.fanout.bench.workload.FanOut;
import dev.fanout.bench.workload.Outcome;
import dev.fanout.bench.workload.RequestObserver;
import dev.fanout.bench.workload.TestServer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

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
    /** One CPU task's cost here, measured once for every cpu_io_mix case: {@link CpuTask#costMillis} takes a second. */
    private static double cpuTaskMs;

    @BeforeAll
    static void start() {
        server = new TestServer();
        server.fetcher(0).fetch();
        cpuTaskMs = CpuTask.costMillis(CPU_RANGE);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A small setting of each workload: N = 5, a pool or semaphore of 2, a sleep long enough, 2 CPU tasks. */
    static Setting small(Workload workload) {
        return small(workload, Client.okhttp);
    }

    static Setting small(Workload workload, Client client) {
        boolean mix = workload == Workload.cpu_io_mix;
        return Setting.of(Params.WORKLOAD, workload, Params.CLIENT, client, Params.N, N, Params.LATENCY_MS, L,
                Params.K, workload.usesK() ? 2 : 0, Params.SLEEP_MS, workload == Workload.fire_and_forget ? 3 * L : 0,
                Params.CPU_TASKS, mix ? 2 : 0, Params.CPU_RANGE, mix ? CPU_RANGE : 0, Params.ARRANGEMENT,
                mix ? Arrangement.io_virtual_cpu_forkjoin : null);
    }

    /** Every workload that runs in Java, with every client that can run it. */
    static Stream<Arguments> everyWorkloadAndClient() {
        return Arrays.stream(Workload.values()).filter(Workload::runsInJmh)
                .flatMap(workload -> Arrays.stream(Client.values())
                .filter(client -> workload.pairsWith(client) && small(workload, client).unsupportedBecause() == null)
                .map(client -> Arguments.of(workload, client)));
    }

    @ParameterizedTest
    @MethodSource("everyWorkloadAndClient")
    void everyWorkloadAnswersEveryRequestWithinItsPromiseAndNoSoonerThanItsIdeal(Workload workload, Client client)
            throws Exception {
        Setting setting = small(workload, client);
        try (Ran ran = run(setting)) {
            int replies = N + setting.cpuTasks();
            assertThat(ran.outcome().replies()).hasSize(replies).doesNotContainNull();
            assertThat(ran.fetcher().failures().count()).isZero();
            assertThat(ran.outcome().lost()).isZero();
            OptionalInt limit = setting.inFlightLimit();
            if (limit.isPresent()) {
                assertThat(ran.fetcher().maxInFlight()).isLessThanOrEqualTo(limit.getAsInt());
            }
            double taskMs = workload == Workload.cpu_io_mix ? cpuTaskMs : 0;
            assertThat(ran.millis()).isGreaterThanOrEqualTo(setting.idealMs(taskMs, CORES));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Workload.class, names = {"platform_threads", "virtual_threads", "structured", "async", "wait_all", "gather",
            "event", "condition", "fire_and_forget"})
    void unboundedWorkloadsOverlapTheirRequests(Workload workload) throws Exception {
        Setting setting = small(workload);
        try (Ran ran = run(setting)) {
            assertThat(setting.concurrency()).isEqualTo(N);
            assertThat(ran.fetcher().maxInFlight()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void onlyTheReferenceRunsOutsideJmhAndOnlyOnPythonsClient() {
        assertThat(Arrays.stream(Workload.values()).filter(workload -> !workload.runsInJmh()))
                .containsExactly(Workload.asyncio);
        assertThat(Arrays.stream(Client.values()).filter(Workload.asyncio::pairsWith)).containsExactly(Client.aiohttp);
        assertThat(Workload.asyncio.servesArrivals()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = Workload.class, names = {"event_loop", "flat_map"})
    void aClientWithoutTheWorkloadsMachineryIsNamedAsTheReason(Workload workload) {
        assertThat(small(workload, Client.okhttp).unsupportedBecause()).startsWith("okhttp has no ");
    }

    /**
     * structured runs only where its preview class can load: on JDK {@value Workload#STRUCTURED_JDK}, from a jar built
     * there. Any other JDK, or a jar built elsewhere, skips it with the reason.
     */
    @Test
    void structuredIsSkippedWithTheReasonOffItsJdkOrWhenItWasNotBuilt() {
        assertThat(Workload.structuredUnavailableBecause(21, true)).contains("needs JDK 25").contains("this is JDK 21");
        assertThat(Workload.structuredUnavailableBecause(26, true)).contains("this is JDK 26");
        assertThat(Workload.structuredUnavailableBecause(25, false)).contains("was not built");
        assertThat(Workload.structuredUnavailableBecause(25, true)).isNull();
        if (Runtime.version().feature() != Workload.STRUCTURED_JDK) {
            assertThat(small(Workload.structured).unsupportedBecause()).contains("needs JDK 25");
        }
    }

    /** One op of a setting through its own client, made as the fixture makes it. */
    private record Ran(Outcome outcome, double millis, CheckedFetcher fetcher, HttpClient client) implements AutoCloseable {
        @Override
        public void close() {
            client.close();
        }
    }

    private static Ran run(Setting setting) throws Exception {
        HttpClient client = setting.client().create(new ClientSettings(100, Duration.ofSeconds(10),
                setting.workload() == Workload.event_loop));
        try (FanOut fanOut = setting.create(CORES, RequestObserver.NONE)) {
            Endpoint endpoint = setting.endpoint();
            CheckedFetcher fetcher = new CheckedFetcher(List.of(client), endpoint.url(server.url(), L), endpoint,
                    RequestObserver.NONE, CpuBurner.none(), 0);
            fetcher.resetCounters();
            long start = System.nanoTime();
            Outcome outcome = fanOut.run(fetcher);
            return new Ran(outcome, (System.nanoTime() - start) / 1e6, fetcher, client);
        } catch (Exception | Error e) {
            client.close();
            throw e;
        }
    }
}
