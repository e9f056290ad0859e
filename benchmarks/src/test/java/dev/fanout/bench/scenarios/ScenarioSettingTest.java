package dev.fanout.bench.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.bench.workload.Endpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ScenarioSettingTest {
    private static ScenarioSetting article(Scenario scenario) {
        return ScenarioSetting.article(scenario, scenario == Scenario.cpu_io_mix ? Arrangement.all_virtual : null);
    }

    @Test
    void theIdealOfEachScenarioAtTheArticlesSetting() {
        double[] expected = {3000, 1100, 1000, 1000, 3000, 1000, 1000, 2000, 1000};
        for (Scenario scenario : Scenario.values()) {
            assertThat(scenario.idealMs(article(scenario), 8.0, 2)).as(scenario.name())
                    .isEqualTo(expected[scenario.ordinal()]);
        }
    }

    @Test
    void theIdealOfASemaphoreIsLTimesItsWaves() {
        ScenarioSetting setting = new ScenarioSetting(Scenario.semaphore, 100, 100, 8, 0, 0, 0, null);
        assertThat(Scenario.semaphore.idealMs(setting, 0, 2)).isEqualTo(100.0 * 13);
    }

    @Test
    void theIdealOfTheMixIsItsCpuWorkOnEveryCoreWhenThatOutlastsTheIo() {
        ScenarioSetting setting = new ScenarioSetting(Scenario.cpu_io_mix, 3, 100, 0, 0, 3, 1, Arrangement.all_virtual);
        assertThat(Scenario.cpu_io_mix.idealMs(setting, 80, 2)).isEqualTo(120.0);
        assertThat(Scenario.cpu_io_mix.idealMs(setting, 80, 8)).isEqualTo(100.0);
        assertThat(Scenario.cpu_io_mix.idealMs(setting, 150, 8)).isEqualTo(150.0);
    }

    @Test
    void oneSharedPoolOfAThreadPerCoreRunsItsIoInWaves() {
        ScenarioSetting shared = new ScenarioSetting(Scenario.cpu_io_mix, 3, 1000, 0, 0, 3, 1, Arrangement.one_fixed_pool);
        assertThat(Scenario.cpu_io_mix.idealMs(shared, 4, 2)).as("ceil(3 / 2) waves of 1 s").isEqualTo(2000.0);
        // 100 I/O tasks of 100 ms and 8 CPU tasks of 500 ms on 2 threads: 50 waves, and 9 s of work on 2 threads.
        ScenarioSetting scaled = new ScenarioSetting(Scenario.cpu_io_mix, 100, 100, 0, 0, 8, 1, Arrangement.one_fixed_pool);
        assertThat(Scenario.cpu_io_mix.idealMs(scaled, 500, 2)).isEqualTo(7000.0);
        ScenarioSetting separate = new ScenarioSetting(Scenario.cpu_io_mix, 3, 1000, 0, 0, 3, 1, Arrangement.io_pool_cpu_pool);
        assertThat(Scenario.cpu_io_mix.idealMs(separate, 4, 2)).isEqualTo(1000.0);
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void theArticlesFigureStandsOnlyBesideTheArticlesSetting(Scenario scenario) {
        ScenarioSetting article = article(scenario);
        assertThat(article.articleSeconds()).isEqualTo(scenario.articleSeconds());
        ScenarioSetting shorter = new ScenarioSetting(scenario, 3, 200, article.permits(), article.sleepMs(),
                article.cpuTasks(), article.cpuRange(), article.arrangement());
        assertThat(shorter.articleSeconds()).isNull();
    }

    @Test
    void theArticlesEndpoints() {
        assertThat(Scenario.event.endpoint()).isEqualTo(Endpoint.RANDOM);
        assertThat(Scenario.condition.endpoint()).isEqualTo(Endpoint.RANDOM);
        assertThat(Scenario.semaphore.endpoint()).isEqualTo(Endpoint.RANDOM);
        assertThat(Scenario.lock.endpoint()).isEqualTo(Endpoint.OK);
    }

    @Test
    void aTrialIsNamedByTheParamsThatMatter() {
        assertThat(article(Scenario.lock).name()).isEqualTo("lock-n3-l1000");
        assertThat(article(Scenario.semaphore).name()).isEqualTo("semaphore-n3-l1000-p2");
        assertThat(article(Scenario.fire_and_forget).name()).isEqualTo("fire_and_forget-n3-l1000-s1100");
        assertThat(article(Scenario.cpu_io_mix).name()).isEqualTo("cpu_io_mix-all_virtual-n3-l1000-c3x10000000");
        assertThat(article(Scenario.cpu_io_mix).model()).isEqualTo("all_virtual");
        assertThat(article(Scenario.gather).model()).isEqualTo("-");
    }

    @Test
    void aParamTheScenarioIgnoresMustBeZero() {
        assertThatThrownBy(() -> new ScenarioSetting(Scenario.lock, 3, 100, 2, 0, 0, 0, null))
                .hasMessage("permits must be 0 for a scenario that does not use it, got 2");
        assertThatThrownBy(() -> new ScenarioSetting(Scenario.semaphore, 3, 100, 0, 0, 0, 0, null))
                .hasMessage("permits must be at least 1, got 0");
        assertThatThrownBy(() -> new ScenarioSetting(Scenario.cpu_io_mix, 3, 100, 0, 0, 3, 10, null))
                .hasMessageStartingWith("cpu_io_mix needs an arrangement");
    }

    @Test
    void theCpuTaskIsTheArticlesSumOfSquares() {
        long range = 1_000;
        assertThat(CpuTask.sumOfSquares(range)).isEqualTo((range - 1) * range * (2 * range - 1) / 6);
        assertThat(CpuTask.costMillis(100_000)).isPositive();
    }
}
