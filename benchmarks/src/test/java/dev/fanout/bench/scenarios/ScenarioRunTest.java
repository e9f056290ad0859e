package dev.fanout.bench.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.bench.workload.CheckedFetcher;
import dev.fanout.bench.workload.CpuBurner;
import dev.fanout.bench.workload.Endpoint;
import dev.fanout.bench.workload.HttpClientFactory;
import dev.fanout.bench.workload.RequestObserver;
import dev.fanout.server.StubServer;
import dev.fanout.server.StubServerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every scenario on a tiny setting against the real stub server: its result, the promise its primitive
 * makes, and the physical lower bound of its time. Upper bounds are left out: the machine is shared.
 */
class ScenarioRunTest {
    private static final long L = 150;
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private static StubServer server;
    private static OkHttpClient client;
    private static HttpUrl base;

    @BeforeAll
    static void startServer() {
        server = StubServer.start(StubServerConfig.defaults().withPort(0));
        base = HttpUrl.get(server.baseUri().toString());
        client = HttpClientFactory.create(16, Duration.ofSeconds(10));
    }

    @AfterAll
    static void stopServer() {
        HttpClientFactory.shutdown(client);
        server.close();
    }

    /** One op of a scenario, with its wall time and the fetcher's counts. */
    private record Ran(Outcome outcome, double millis, CheckedFetcher fetcher, List<Long> ioLatencyNanos) {
    }

    private static Ran run(ScenarioSetting setting) throws InterruptedException {
        List<Long> ioLatency = Collections.synchronizedList(new ArrayList<>());
        try (ScenarioRun scenario = setting.scenario().create(setting, client, ioLatency::add, CORES)) {
            return run(scenario, setting, ioLatency);
        }
    }

    private static Ran run(ScenarioRun scenario, ScenarioSetting setting, List<Long> ioLatency) throws InterruptedException {
        Endpoint endpoint = setting.scenario().endpoint();
        CheckedFetcher fetcher = new CheckedFetcher(client,
                new Request.Builder().url(endpoint.url(base, setting.latencyMs())).build(), endpoint,
                RequestObserver.NONE, CpuBurner.none(), 0);
        long start = System.nanoTime();
        Outcome outcome = scenario.run(fetcher);
        double millis = (System.nanoTime() - start) / 1e6;
        return new Ran(outcome, millis, fetcher, ioLatency);
    }

    private static ScenarioSetting setting(Scenario scenario, int n) {
        return new ScenarioSetting(scenario, n, L, 0, 0, 0, 0, null);
    }

    @Test
    void sequentialSendsOneRequestAtATime() throws InterruptedException {
        Ran ran = run(setting(Scenario.sequential, 3));

        assertThat(ran.outcome().replies()).containsExactly("ok", "ok", "ok");
        assertThat(ran.outcome().number("max_in_flight")).isEqualTo(1);
        assertThat(ran.millis()).isGreaterThanOrEqualTo(3 * L);
    }

    @Test
    void waitAllWaitsForEveryRequestRunningAtOnce() throws InterruptedException {
        Ran ran = run(setting(Scenario.wait_all, 4));

        assertThat(ran.outcome().replies()).containsExactly("ok", "ok", "ok", "ok");
        assertThat(ran.outcome().observed()).containsEntry("done", 4L).containsEntry("pending", 0L);
        assertThat(ran.outcome().number("max_in_flight")).isEqualTo(4);
        assertThat(ran.millis()).isGreaterThanOrEqualTo(L);
        assertThat(ran.fetcher().failures().count()).isZero();
    }

    @Test
    void gatherReturnsEveryResultInSubmissionOrder() throws InterruptedException {
        Ran ran = run(setting(Scenario.gather, 4));

        assertThat(ran.outcome().replies()).hasSize(4).containsOnly("ok");
        assertThat(ran.outcome().number("max_in_flight")).isEqualTo(4);
        assertThat(ran.millis()).isGreaterThanOrEqualTo(L);
    }

    @Test
    void lockLetsOneRequestOutAtATimeOnTheClientAndOnTheServer() throws InterruptedException {
        ServerInFlight serverCount = new ServerInFlight(client, base);
        assertThat(serverCount.reset()).isTrue();

        Ran ran = run(setting(Scenario.lock, 3));

        assertThat(ran.outcome().replies()).containsExactly("ok", "ok", "ok");
        assertThat(ran.outcome().number("max_in_flight")).isEqualTo(1);
        assertThat(serverCount.max()).hasValue(1);
        assertThat(ran.millis()).isGreaterThanOrEqualTo(3 * L);
    }

    @Test
    void semaphoreLetsAtMostItsPermitsOutAndTakesLTimesTheWaves() throws InterruptedException {
        ServerInFlight serverCount = new ServerInFlight(client, base);
        assertThat(serverCount.reset()).isTrue();

        Ran ran = run(new ScenarioSetting(Scenario.semaphore, 5, L, 2, 0, 0, 0, null));

        assertThat(ran.outcome().replies()).hasSize(5)
                .allSatisfy(reply -> assertThat(Double.parseDouble(reply)).isBetween(0.0, 1.0));
        assertThat(ran.outcome().number("max_in_flight")).isBetween(1.0, 2.0);
        assertThat(serverCount.max().orElseThrow()).isBetween(1L, 2L);
        assertThat(ran.millis()).isGreaterThanOrEqualTo(L * 3);
    }

    @Test
    void aLockThatDoesNotExcludeIsCaught() throws InterruptedException {
        Guard noLock = new Guard() {
            @Override
            public void enter() {
            }

            @Override
            public void exit() {
            }
        };
        ScenarioSetting setting = setting(Scenario.lock, 3);
        try (ScenarioRun broken = new GuardedRun("lock", 3, noLock, 1, "nothing")) {
            assertThatThrownBy(() -> run(broken, setting, List.of()))
                    .isInstanceOf(ClaimFailedException.class)
                    .hasMessage("lock: 3 requests were in flight at once, more than the 1 it allows");
        }
    }

    @Test
    void aRealLockPassesTheSameCheck() throws InterruptedException {
        try (ScenarioRun guarded = new GuardedRun("lock", 2, Guard.of(new ReentrantLock()), 1, "a lock")) {
            assertThat(run(guarded, setting(Scenario.lock, 2), List.of()).outcome().number("max_in_flight")).isEqualTo(1);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void eventWakesEachWaiterAfterTheResponseThatSetItsEvent() throws InterruptedException {
        Ran ran = run(setting(Scenario.event, 4));

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
        assertThat(ran.millis()).isGreaterThanOrEqualTo(L);
    }

    @Test
    void conditionWakesTwoWaitersPerResponseUntilNoneIsLeft() throws InterruptedException {
        assertThat(run(setting(Scenario.condition, 3)).outcome().observed().get("woke_per_response"))
                .isEqualTo(List.of(2, 1, 0));
        assertThat(run(setting(Scenario.condition, 5)).outcome().observed().get("woke_per_response"))
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
        Ran ran = run(new ScenarioSetting(Scenario.fire_and_forget, 3, L, 0, sleep, 0, 0, null));

        assertThat(ran.outcome().lost()).isZero();
        assertThat(ran.outcome().number("still_running_after_sleep")).isZero();
        assertThat(ran.outcome().replies()).containsExactly("ok", "ok", "ok");
        assertThat(ran.outcome().number("last_response_ms")).isGreaterThanOrEqualTo(L);
        assertThat(ran.outcome().number("wasted_ms")).isBetween(0.0, (double) sleep - L);
        assertThat(ran.millis()).isGreaterThanOrEqualTo(sleep);
    }

    @Test
    void fireAndForgetWithATooShortSleepReportsTheRequestsStillRunning() throws InterruptedException {
        Ran ran = run(new ScenarioSetting(Scenario.fire_and_forget, 3, 4 * L, 0, L / 3, 0, 0, null));

        assertThat(ran.outcome().lost()).isEqualTo(3);
        assertThat(ran.outcome().number("still_running_after_sleep")).isEqualTo(3);
        assertThat(ran.fetcher().failures().count()).isEqualTo(3);
        assertThat(ran.outcome().replies()).containsOnlyNulls();
    }

    @ParameterizedTest
    @EnumSource(Arrangement.class)
    void cpuIoMixRunsEveryTaskWhateverTheArrangement(Arrangement arrangement) throws InterruptedException {
        long range = 1_000_000;
        Ran ran = run(new ScenarioSetting(Scenario.cpu_io_mix, 3, L, 0, 0, 3, range, arrangement));

        String sum = Long.toString(CpuTask.sumOfSquares(range));
        assertThat(ran.outcome().replies()).containsExactly("ok", "ok", "ok", sum, sum, sum);
        assertThat(ran.ioLatencyNanos()).hasSize(3)
                .allSatisfy(nanos -> assertThat(TimeUnit.NANOSECONDS.toMillis(nanos)).isGreaterThanOrEqualTo(L));
        assertThat(ran.outcome().number("io_last_done_ms")).isGreaterThanOrEqualTo(L);
        assertThat(ran.millis()).isGreaterThanOrEqualTo(L);
    }

    @Test
    void oneFixedPoolOfOneThreadPerCoreQueuesTheIoBehindItself() throws InterruptedException {
        int ioTasks = CORES + 1;
        Ran ran = run(new ScenarioSetting(Scenario.cpu_io_mix, ioTasks, L, 0, 0, 1, 1_000, Arrangement.one_fixed_pool));

        assertThat(ran.outcome().number("io_last_done_ms")).isGreaterThanOrEqualTo(2 * L);
    }
}
