package dev.fanout.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The profiles' promises, checked on their plans rather than with a stopwatch: each fits its time budget
 * (by an estimate that counts every iteration at its op time plus a fork's start-up), and the user's JMH
 * options change the plan the way the help says.
 */
class PlanTest {
    private static final int CORES = 2;

    @ParameterizedTest
    @CsvSource({"QUICK, 2", "DEFAULT, 10", "CI, 3", "FULL, 60"})
    void everyProfileFitsItsBudgetOnTwoCores(Profile profile, int minutes) throws Exception {
        Plan plan = plan(profile);
        assertThat(plan.trials()).isNotEmpty();
        assertThat(plan.estimate()).isLessThanOrEqualTo(Duration.ofMinutes(minutes));
    }

    @Test
    void theDefaultProfileRunsEveryModelAtEveryN() throws Exception {
        Plan plan = plan(Profile.DEFAULT);
        for (String model : List.of("platform_threads", "virtual_threads", "completable_future_async", "fixed_pool")) {
            assertThat(plan.trials()).filteredOn(t -> model.equals(t.params().get("model")))
                    .extracting(t -> t.params().get("n")).contains("1", "10", "100", "1000");
        }
        assertThat(plan.trials()).filteredOn(t -> "fixed_pool".equals(t.params().get("model")))
                .extracting(t -> t.params().get("k")).contains("8", "64", "256");
    }

    @Test
    void trialsLongerThanTheProfileAllowsAreNamedNotDropped() throws Exception {
        Plan plan = plan(Profile.DEFAULT);
        assertThat(plan.skipped()).anySatisfy(s -> assertThat(s)
                .contains("model=sequential n=1000").contains("at least 100 s").contains("run it alone with -p"));
    }

    @Test
    void pReplacesTheProfilesValuesAndLiftsItsLimit() throws Exception {
        Plan plan = plan(Profile.QUICK, "-p", "model=sequential", "-p", "n=1000");
        assertThat(plan.trials()).singleElement().satisfies(t -> {
            assertThat(t.params()).containsEntry("model", "sequential").containsEntry("n", "1000");
            assertThat(t.idealMs()).isEqualTo(100_000.0);
            assertThat(t.iterations().measurementIterations()).as("a 100 s op is measured once").isEqualTo(1);
        });
        assertThat(plan.skipped()).isEmpty();
    }

    @Test
    void iterationOptionsReplaceTheProfiles() throws Exception {
        Plan plan = plan(Profile.QUICK, "-f", "3", "-i", "7", "-wi", "0", "-r", "250ms");
        assertThat(plan.trials()).allSatisfy(t -> {
            assertThat(t.iterations().forks()).isEqualTo(3);
            assertThat(t.iterations().measurementIterations()).isEqualTo(7);
            assertThat(t.iterations().warmupIterations()).isZero();
            assertThat(t.iterations().measurementTime()).isEqualTo(Duration.ofMillis(250));
        });
    }

    @Test
    void aRegexThatMatchesNothingLeavesNothingToRun() throws Exception {
        assertThat(plan(Profile.QUICK, "NoSuchBenchmark").trials()).isEmpty();
        assertThat(plan(Profile.QUICK, "FetchN").trials()).isNotEmpty();
    }

    @Test
    void aFanOutTheMachineCannotHoldIsSkippedWithTheLimitToRaise() throws Exception {
        Plan plan = Plan.of(Profile.QUICK, JmhArguments.parse(List.of("-p", "n=10,1000", "-p", "model=virtual_threads")),
                CORES, new SystemLimits(1024, 28_232), true);

        assertThat(plan.trials()).extracting(t -> t.params().get("n")).containsExactly("10");
        assertThat(plan.skipped()).singleElement().asString()
                .contains("n=1000").contains("needs 1512 open files per process but may open 1024")
                .contains("ulimit -n 1512");
        assertThat(new SystemLimits(100_000, 500).shortfall(1000)).contains("ip_local_port_range");
        assertThat(new SystemLimits(100_000, 28_232).shortfall(10_000)).isNull();
    }

    @Test
    void badParamsAreRefusedWithWhatIsAllowed() {
        assertThatThrownBy(() -> plan(Profile.QUICK, "-p", "threads=4"))
                .hasMessageContaining("unknown param [threads]").hasMessageContaining("latencyMs");
        assertThatThrownBy(() -> plan(Profile.QUICK, "-p", "n=0")).hasMessage("n must be a whole number >= 1, got '0'");
        assertThatThrownBy(() -> plan(Profile.QUICK, "-p", "latencyMs=soon"))
                .hasMessage("latencyMs must be a whole number >= 0, got 'soon'");
        assertThatThrownBy(() -> plan(Profile.QUICK, "-p", "model=green_threads"))
                .hasMessageContaining("unknown model 'green_threads'").hasMessageContaining("virtual_threads");
    }

    private static Plan plan(Profile profile, String... jmhArgs) throws Exception {
        return Plan.of(profile, JmhArguments.parse(List.of(jmhArgs)), CORES, SystemLimits.unlimited(), true);
    }
}
