package dev.fanout.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.bench.clients.Client;
import dev.fanout.bench.scenarios.Arrangement;
import dev.fanout.bench.scenarios.CpuTask;
import dev.fanout.bench.workload.ClaimFailedException;
import dev.fanout.bench.workload.Endpoint;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SettingTest {
    private static Setting article(Workload workload) {
        return Setting.article(workload, workload == Workload.cpu_io_mix ? Arrangement.all_virtual : null,
                Setting.ARTICLE_LATENCY_MS, Setting.ARTICLE_SLEEP_MS);
    }

    private static Setting model(Workload workload, int n, long latencyMs, int k, long cpuMicros) {
        return Setting.of(Params.WORKLOAD, workload, Params.CLIENT, Client.okhttp, Params.N, n, Params.LATENCY_MS,
                latencyMs, Params.K, k, Params.CPU_MICROS, cpuMicros);
    }

    private static Setting mix(int n, long latencyMs, int cpuTasks, Arrangement arrangement) {
        return Setting.of(Params.WORKLOAD, Workload.cpu_io_mix, Params.CLIENT, Client.okhttp, Params.N, n,
                Params.LATENCY_MS, latencyMs, Params.CPU_TASKS, cpuTasks, Params.CPU_RANGE, 1L, Params.ARRANGEMENT,
                arrangement);
    }

    @ParameterizedTest
    @EnumSource(Workload.class)
    void paramsReadBackAsTheSameSetting(Workload workload) {
        Setting setting = WorkloadTest.small(workload, workload == Workload.asyncio ? Client.aiohttp : Client.okhttp);
        assertThat(Setting.fromParams(setting.params())).isEqualTo(setting);
        assertThat(setting.params().keySet()).as("a closed-loop trial's key is what it was before service mode")
                .containsExactlyInAnyOrderElementsOf(Params.ALL.stream().filter(param -> !param.isServiceOnly())
                        .map(TrialParam::name).toList());
    }

    @Test
    void aServiceStepNamesItsRateAndReadsBackAsTheSameSetting() {
        Setting step = WorkloadTest.small(Workload.virtual_threads, Client.okhttp).atRate(500);
        Setting poisson = Setting.of(Params.WORKLOAD, Workload.async, Params.CLIENT, Client.okhttp, Params.N, 10,
                Params.LATENCY_MS, 100L, Params.RATE, 50, Params.POISSON, true);

        assertThat(step.params().keySet()).containsExactlyInAnyOrderElementsOf(Params.ALL.stream().map(TrialParam::name)
                .toList());
        assertThat(Setting.fromParams(step.params())).isEqualTo(step);
        assertThat(Setting.fromParams(poisson.params())).isEqualTo(poisson);
        assertThat(step.benchmark()).isEqualTo("service");
        assertThat(step.stem()).endsWith("-r500");
        assertThat(poisson.stem()).endsWith("-r50poisson");
        assertThat(poisson.label()).isEqualTo("async okhttp n=10 L=100 rate=50/s poisson");
        assertThat(poisson.sweepLabel()).as("every step of its sweep shares it").isEqualTo("async okhttp n=10 L=100 poisson");
        assertThat(poisson.atRate(100).sweepLabel()).isEqualTo(poisson.sweepLabel());
        assertThat(step.sweepLabel()).isEqualTo(step.atRate(0).label());
        assertThat(step.atRate(0)).isEqualTo(WorkloadTest.small(Workload.virtual_threads, Client.okhttp));
    }

    @Test
    void serviceModeRunsOnlyTheJavaModelsAndPoissonOnlyInIt() {
        assertThatThrownBy(() -> Setting.of(Params.WORKLOAD, Workload.lock, Params.CLIENT, Client.okhttp, Params.N, 3,
                Params.LATENCY_MS, 100L, Params.RATE, 10))
                .hasMessage("service mode (rate > 0) runs the Java concurrency models; lock is not one of them");
        assertThatThrownBy(() -> Setting.of(Params.WORKLOAD, Workload.virtual_threads, Params.CLIENT, Client.okhttp,
                Params.N, 3, Params.LATENCY_MS, 100L, Params.POISSON,
                true)).hasMessage("poisson spreads the arrivals of service mode: it needs rate > 0");
        Map<String, String> negativeRate = new HashMap<>(WorkloadTest.small(Workload.virtual_threads, Client.okhttp).params());
        negativeRate.put("rate", "-5");
        assertThatThrownBy(() -> Setting.fromParams(negativeRate))
                .hasMessage("rate must be a whole number from 0 to 2147483647, got '-5'");
    }

    @Test
    void theIdealOfEachOfTheArticlesScriptsAtItsSetting() {
        Map<Workload, Double> expected = Map.of(Workload.sequential, 3000.0, Workload.fire_and_forget, 1100.0,
                Workload.wait_all, 1000.0, Workload.gather, 1000.0, Workload.lock, 3000.0, Workload.event, 1000.0,
                Workload.condition, 1000.0, Workload.semaphore, 2000.0, Workload.cpu_io_mix, 1000.0);
        assertThat(Workload.inArticle()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((workload, ideal) -> assertThat(article(workload).idealMs(8.0, 2)).as(workload.name())
                .isEqualTo(ideal));
    }

    @Test
    void theIdealIsLTimesTheWavesOfWhatIsInFlight() {
        assertThat(model(Workload.fixed_pool, 1000, 100, 64, 0).idealMs(0, 2)).isEqualTo(100.0 * 16);
        assertThat(model(Workload.virtual_threads, 1000, 100, 0, 0).idealMs(0, 2)).isEqualTo(100.0);
        assertThat(model(Workload.sequential, 10, 100, 0, 0).idealMs(0, 2)).isEqualTo(1000.0);
        Setting semaphore = Setting.of(Params.WORKLOAD, Workload.semaphore, Params.CLIENT, Client.okhttp, Params.N,
                100, Params.LATENCY_MS, 100L, Params.K, 8);
        assertThat(semaphore.idealMs(0, 2)).isEqualTo(100.0 * 13);
    }

    @Test
    void theIdealOfTheMixIsItsCpuWorkOnEveryCoreWhenThatOutlastsTheIo() {
        Setting setting = mix(3, 100, 3, Arrangement.all_virtual);
        assertThat(setting.idealMs(80, 2)).isEqualTo(120.0);
        assertThat(setting.idealMs(80, 8)).isEqualTo(100.0);
        assertThat(setting.idealMs(150, 8)).isEqualTo(150.0);
    }

    @Test
    void oneSharedPoolOfAThreadPerCoreRunsItsIoInWaves() {
        assertThat(mix(3, 1000, 3, Arrangement.one_fixed_pool).idealMs(4, 2)).as("ceil(3 / 2) waves of 1 s")
                .isEqualTo(2000.0);
        // 100 I/O tasks of 100 ms and 8 CPU tasks of 500 ms on 2 threads: 50 waves, and 9 s of work on 2 threads.
        assertThat(mix(100, 100, 8, Arrangement.one_fixed_pool).idealMs(500, 2)).isEqualTo(7000.0);
        assertThat(mix(3, 1000, 3, Arrangement.io_pool_cpu_pool).idealMs(4, 2)).isEqualTo(1000.0);
    }

    @ParameterizedTest
    @EnumSource(value = Workload.class, names = {"sequential", "fire_and_forget", "wait_all", "gather", "lock",
            "event", "condition", "semaphore", "cpu_io_mix"})
    void theArticlesFigureStandsOnlyBesideTheArticlesSetting(Workload workload) {
        Setting article = article(workload);
        assertThat(article.articleSeconds()).isEqualTo(workload.articleSeconds()).isNotNull();
        assertThat(Setting.article(workload, article.arrangement(), 200, article.sleepMs()).articleSeconds()).isNull();
    }

    @Test
    void theModelsTheArticleDidNotMeasureHaveNoFigure() {
        assertThat(Workload.virtual_threads.articleFigure()).isNull();
        assertThat(model(Workload.virtual_threads, 3, 1000, 0, 0).articleSeconds()).isNull();
    }

    @Test
    void theArticlesEndpoints() {
        assertThat(Workload.event.endpoint()).isEqualTo(Endpoint.RANDOM);
        assertThat(Workload.condition.endpoint()).isEqualTo(Endpoint.RANDOM);
        assertThat(Workload.semaphore.endpoint()).isEqualTo(Endpoint.RANDOM);
        assertThat(Workload.lock.endpoint()).isEqualTo(Endpoint.OK);
        assertThat(Workload.virtual_threads.endpoint()).isEqualTo(Endpoint.OK);
    }

    @Test
    void aTrialIsNamedByTheParamsThatMatter() {
        assertThat(article(Workload.lock).stem()).isEqualTo("lock-okhttp-n3-l1000-c0");
        assertThat(article(Workload.semaphore).stem()).isEqualTo("semaphore-okhttp-n3-l1000-k2-c0");
        assertThat(article(Workload.fire_and_forget).stem()).isEqualTo("fire_and_forget-okhttp-n3-l1000-s1100-c0");
        assertThat(article(Workload.cpu_io_mix).stem()).isEqualTo("cpu_io_mix-all_virtual-okhttp-n3-l1000-t3x10000000-c0");
        assertThat(model(Workload.fixed_pool, 1000, 100, 64, 200).stem()).isEqualTo("fixed_pool-okhttp-n1000-l100-k64-c200");
        assertThat(model(Workload.virtual_threads, 10, 100, 0, 0).withClient(Client.okhttp, 4).stem())
                .isEqualTo("virtual_threads-okhttp-p4-n10-l100-c0");
        assertThat(model(Workload.fixed_pool, 1000, 100, 64, 0).label()).isEqualTo("fixed_pool okhttp n=1000 L=100 k=64");
        assertThat(model(Workload.virtual_threads, 1000, 100, 0, 0).label()).isEqualTo("virtual_threads okhttp n=1000 L=100");
    }

    @Test
    void theResultsNameModelsAndScenariosAsBefore() {
        assertThat(model(Workload.virtual_threads, 10, 100, 0, 0).benchmark()).isEqualTo("fetch_n");
        assertThat(model(Workload.virtual_threads, 10, 100, 0, 0).model()).isEqualTo("virtual_threads");
        assertThat(article(Workload.lock).benchmark()).isEqualTo("lock");
        assertThat(article(Workload.lock).model()).isEqualTo("-");
        assertThat(article(Workload.cpu_io_mix).model()).isEqualTo("all_virtual");
        assertThat(article(Workload.sequential).benchmark()).as("the article's test1 is the sequential model")
                .isEqualTo("fetch_n");
    }

    @Test
    void pythonsAsyncioRunsOnAiohttpAndJavasWorkloadsOnJavasClients() {
        Setting asyncio = Setting.of(Params.WORKLOAD, Workload.asyncio, Params.CLIENT, Client.aiohttp, Params.N, 1000,
                Params.LATENCY_MS, 100L);
        assertThat(asyncio.benchmark()).isEqualTo("fetch_n");
        assertThat(asyncio.model()).isEqualTo("asyncio");
        assertThat(asyncio.idealMs(0, 2)).isEqualTo(100.0);
        assertThatThrownBy(() -> Setting.of(Params.WORKLOAD, Workload.asyncio, Params.CLIENT, Client.okhttp, Params.N,
                10, Params.LATENCY_MS, 100L))
                .hasMessageStartingWith("asyncio does not run on okhttp");
        assertThatThrownBy(() -> model(Workload.virtual_threads, 10, 100, 0, 0).withClient(Client.aiohttp, 1))
                .hasMessageStartingWith("virtual_threads does not run on aiohttp");
        assertThat(Workload.models()).doesNotContain(Workload.asyncio);
    }

    @Test
    void aParamTheWorkloadIgnoresMustBeZero() {
        assertThatThrownBy(() -> model(Workload.virtual_threads, 3, 100, 2, 0))
                .hasMessage("k must be 0 for a workload that does not use it, got 2");
        assertThatThrownBy(() -> model(Workload.fixed_pool, 3, 100, 0, 0)).hasMessage("k must be at least 1, got 0");
        assertThatThrownBy(() -> mix(3, 100, 3, null)).hasMessageStartingWith("cpu_io_mix needs an arrangement");
        assertThatThrownBy(() -> model(Workload.virtual_threads, 0, 100, 0, 0)).hasMessage("n must be at least 1, got 0");
    }

    @Test
    void badParamValuesAreNamedWithWhatIsAllowed() {
        Map<String, String> params = new HashMap<>(model(Workload.virtual_threads, 3, 100, 0, 0).params());
        params.put("workload", "green_threads");
        assertThatThrownBy(() -> Setting.fromParams(params))
                .hasMessageStartingWith("unknown workload 'green_threads'; the workloads are sequential, platform_threads");
        params.put("workload", "virtual_threads");
        params.put("latencyMs", "soon");
        assertThatThrownBy(() -> Setting.fromParams(params))
                .hasMessage("latencyMs must be a whole number from 0 to 2147483647, got 'soon'");
    }

    /** A run made before a param was declared (deadlineMs came with structured) reads it at its neutral value. */
    @Test
    void aParamMissingFromAnOlderRunIsAtItsNeutralValue() {
        Map<String, String> params = new HashMap<>(model(Workload.virtual_threads, 3, 100, 0, 0).params());
        params.remove(Params.DEADLINE_MS.name());
        assertThat(Setting.fromParams(params)).isEqualTo(model(Workload.virtual_threads, 3, 100, 0, 0));
    }

    @Test
    void aWorkloadThatLetsMoreThanItPromisesInFlightIsCaught() {
        Setting lock = article(Workload.lock);
        lock.checkInFlight("the client", 1);
        assertThatThrownBy(() -> lock.checkInFlight("the client", 3))
                .isInstanceOf(ClaimFailedException.class)
                .hasMessage("lock: the client saw 3 requests in flight at once, more than the 1 it allows");
        model(Workload.virtual_threads, 3, 100, 0, 0).checkInFlight("the server", 1_000);
    }

    @Test
    void theCpuTaskIsTheArticlesSumOfSquares() {
        long range = 1_000;
        assertThat(CpuTask.sumOfSquares(range)).isEqualTo((range - 1) * range * (2 * range - 1) / 6);
        assertThat(CpuTask.costMillis(100_000)).isPositive();
    }
}
