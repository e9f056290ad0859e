package dev.fanout.bench.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.bench.clients.Client;
import dev.fanout.bench.suite.Params;
import dev.fanout.bench.suite.Setting;
import dev.fanout.bench.suite.Workload;
import dev.fanout.bench.workload.CheckedFetcher;
import dev.fanout.bench.workload.ClaimFailedException;
import dev.fanout.bench.workload.FanOut;
import dev.fanout.bench.workload.Outcome;
import dev.fanout.bench.workload.StatsReader;
import dev.fanout.bench.workload.ServerUsage;
import dev.fanout.bench.workload.TestServer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What each of the article's scenarios promises beyond its replies and its time (which every workload's
 * test checks): who woke when, what was lost, how I/O fared beside CPU work, and what the server counted.
 */
class ScenarioRunTest {
    private static final long L = 150;
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private static TestServer server;

    @BeforeAll
    static void startServer() {
        server = new TestServer();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** One op of a scenario, with its wall time, the fetcher's counts and each I/O task's latency. */
    private record Ran(Outcome outcome, double millis, CheckedFetcher fetcher, List<Long> ioLatencyNanos) {
    }

    private static Ran run(Setting setting) throws InterruptedException {
        List<Long> ioLatency = Collections.synchronizedList(new ArrayList<>());
        try (FanOut scenario = setting.create(CORES, (sent, done) -> ioLatency.add(done - sent))) {
            CheckedFetcher fetcher = server.fetcher(setting.endpoint(), setting.latencyMs());
            long start = System.nanoTime();
            Outcome outcome = scenario.run(fetcher);
            double millis = (System.nanoTime() - start) / 1e6;
            return new Ran(outcome, millis, fetcher, ioLatency);
        }
    }

    private static Setting setting(Workload workload, int n, long latencyMs, int k, long sleepMs) {
        return Setting.of(Params.WORKLOAD, workload, Params.CLIENT, Client.okhttp, Params.N, n, Params.LATENCY_MS,
                latencyMs, Params.K, k, Params.SLEEP_MS, sleepMs);
    }

    private static Setting mix(int ioTasks, int cpuTasks, long range, Arrangement arrangement) {
        return Setting.of(Params.WORKLOAD, Workload.cpu_io_mix, Params.CLIENT, Client.okhttp, Params.N, ioTasks,
                Params.LATENCY_MS, L, Params.CPU_TASKS, cpuTasks, Params.CPU_RANGE, range, Params.ARRANGEMENT,
                arrangement);
    }

    @Test
    void waitAllReportsEveryTaskDoneAndNonePending() throws InterruptedException {
        Ran ran = run(setting(Workload.wait_all, 4, L, 0, 0));

        assertThat(ran.outcome().observed()).containsEntry("done", 4L).containsEntry("pending", 0L);
        assertThat(ran.fetcher().maxInFlight()).isEqualTo(4);
    }

    @Test
    void lockAndSemaphoreHoldTheirLimitOnTheServerToo() throws InterruptedException {
        StatsReader stats = server.stats();
        // Requests another test cancelled are still held until their delay ends (the server answers a closed
        // connection when due), and a reset starts the server's maximum from what is in flight.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (stats.read().orElseThrow().path("in_flight").asLong() > 0) {
            assertThat(System.nanoTime()).as("the server's requests from earlier tests end").isLessThan(deadline);
            Thread.sleep(20);
        }
        assertThat(stats.reset()).isTrue();
        run(setting(Workload.lock, 3, L, 0, 0));
        assertThat(ServerUsage.of(stats.read().orElseThrow()).maxInFlight()).isEqualTo(1);

        assertThat(stats.reset()).isTrue();
        Ran semaphore = run(setting(Workload.semaphore, 5, L, 2, 0));
        assertThat(ServerUsage.of(stats.read().orElseThrow()).maxInFlight()).isBetween(1L, 2L);
        assertThat(semaphore.fetcher().maxInFlight()).isBetween(1, 2);
        assertThat(semaphore.outcome().replies())
                .allSatisfy(reply -> assertThat(Double.parseDouble(reply)).isBetween(0.0, 1.0));
    }

    @Test
    @SuppressWarnings("unchecked")
    void eventWakesEachWaiterAfterTheResponseThatSetItsEvent() throws InterruptedException {
        Ran ran = run(setting(Workload.event, 4, L, 0, 0));

        Map<String, Object> observed = ran.outcome().observed();
        List<Map<String, Object>> responses = (List<Map<String, Object>>) observed.get("responses");
        List<Map<String, Object>> waiters = (List<Map<String, Object>>) observed.get("waiters");
        assertThat(responses).hasSize(4);
        assertThat(waiters).hasSize(4);
        assertThat(waiters).extracting(w -> w.get("event")).containsExactlyInAnyOrder("big", "big", "small", "small");
        for (String name : List.of("big", "small")) {
            Map<String, Object> event = (Map<String, Object>) observed.get(name);
            String setBy = (String) event.get("set_by");
            double setMs = (double) event.get("set_ms");
            if (setBy.startsWith("response ")) {
                int index = Integer.parseInt(setBy.substring("response ".length(), setBy.indexOf(' ', 9)));
                double value = Double.parseDouble((String) responses.get(index).get("msg"));
                assertThat(value > 0.5).as("%s set by %s", name, setBy).isEqualTo(name.equals("big"));
                assertThat(setMs).isEqualTo((double) responses.get(index).get("ms"));
                assertThat(setMs).isGreaterThanOrEqualTo(L);
            } else {
                assertThat(setBy).isEqualTo("all responses in");
            }
            assertThat(waiters).filteredOn(w -> w.get("event").equals(name))
                    .allSatisfy(w -> assertThat((double) w.get("woke_ms")).isGreaterThanOrEqualTo(setMs));
        }
    }

    @Test
    void conditionWakesTwoWaitersPerResponseUntilNoneIsLeft() throws InterruptedException {
        assertThat(run(setting(Workload.condition, 3, L, 0, 0)).outcome().observed().get("woke_per_response"))
                .isEqualTo(List.of(2, 1, 0));
        assertThat(run(setting(Workload.condition, 5, L, 0, 0)).outcome().observed().get("woke_per_response"))
                .isEqualTo(List.of(2, 2, 1, 0, 0));
    }

    @Test
    void theConditionCheckRejectsAResponseThatWokeTheWrongNumber() {
        ConditionRun.check(2, new int[] {2, 1, 0}, new int[] {2, 1, 0});
        assertThatThrownBy(() -> ConditionRun.check(2, new int[] {2, 1, 0}, new int[] {3, 0, 0}))
                .isInstanceOf(ClaimFailedException.class)
                .hasMessage("condition: response 0 woke 3 waiters; it signalled 2 (notify(2))");
        assertThatThrownBy(() -> ConditionRun.check(2, new int[] {2, 1, 0}, new int[] {1, 1, 0}))
                .hasMessageContaining("response 0 woke 1 waiters");
    }

    @Test
    void fireAndForgetWithALongEnoughSleepLosesNothingAndWastesTheRest() throws InterruptedException {
        long sleep = 3 * L;
        Ran ran = run(setting(Workload.fire_and_forget, 3, L, 0, sleep));

        assertThat(ran.outcome().lost()).isZero();
        assertThat(ran.outcome().number("still_running_after_sleep")).isZero();
        assertThat(ran.outcome().replies()).containsExactly("ok", "ok", "ok");
        assertThat(ran.outcome().number("last_response_ms")).isGreaterThanOrEqualTo(L);
        assertThat(ran.outcome().number("wasted_ms")).isBetween(0.0, (double) sleep - L);
        assertThat(ran.millis()).isGreaterThanOrEqualTo(sleep);
    }

    @Test
    void fireAndForgetWithATooShortSleepReportsTheRequestsStillRunning() throws InterruptedException {
        Ran ran = run(setting(Workload.fire_and_forget, 3, 4 * L, 0, L / 3));

        assertThat(ran.outcome().lost()).isEqualTo(3);
        assertThat(ran.outcome().number("still_running_after_sleep")).isEqualTo(3);
        assertThat(ran.fetcher().failures().count()).isEqualTo(3);
        assertThat(ran.outcome().replies()).containsOnlyNulls();
    }

    @ParameterizedTest
    @EnumSource(Arrangement.class)
    void cpuIoMixRunsEveryTaskWhateverTheArrangement(Arrangement arrangement) throws InterruptedException {
        long range = 1_000_000;
        Ran ran = run(mix(3, 3, range, arrangement));

        String sum = Long.toString(CpuTask.sumOfSquares(range));
        assertThat(ran.outcome().replies()).containsExactly("ok", "ok", "ok", sum, sum, sum);
        assertThat(ran.ioLatencyNanos()).hasSize(3)
                .allSatisfy(nanos -> assertThat(TimeUnit.NANOSECONDS.toMillis(nanos)).isGreaterThanOrEqualTo(L));
        assertThat(ran.outcome().number("io_last_done_ms")).isGreaterThanOrEqualTo(L);
    }

    @Test
    void oneFixedPoolOfOneThreadPerCoreQueuesTheIoBehindItself() throws InterruptedException {
        Ran ran = run(mix(CORES + 1, 1, 1_000, Arrangement.one_fixed_pool));

        assertThat(ran.outcome().number("io_last_done_ms")).isGreaterThanOrEqualTo(2 * L);
    }
}
