package dev.fanout.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.options.CommandLineOptionException;

class ScenarioGridTest {
    private static Plan plan(Profile profile, String... args) throws CommandLineOptionException {
        return Plan.of(profile, JmhArguments.parse(List.of(args)), 2, SystemLimits.unlimited(), true);
    }

    @Test
    void theSeedProfileIsTheArticlesSettingOnceForEachScenarioAndArrangement() throws CommandLineOptionException {
        Plan plan = plan(Profile.SEED);

        assertThat(plan.trials()).hasSize(12).allSatisfy(t -> {
            assertThat(t.params()).containsEntry("n", "3").containsEntry("latencyMs", "1000");
            assertThat(t.idealMs()).isGreaterThanOrEqualTo(1000);
        });
        assertThat(plan.trials()).filteredOn(t -> t.params().get("scenario").equals("semaphore"))
                .singleElement().satisfies(t -> {
                    assertThat(t.params()).containsEntry("permits", "2");
                    assertThat(t.idealMs()).isEqualTo(2000);
                });
        assertThat(plan.trials()).filteredOn(t -> t.params().get("scenario").equals("lock"))
                .singleElement().satisfies(t -> assertThat(t.params()).containsEntry("permits", "0")
                        .containsEntry("arrangement", "-"));
        assertThat(plan.estimate()).isLessThan(java.time.Duration.ofMinutes(3));
    }

    @Test
    void aParamGivenWithPChangesOnlyTheScenariosThatUseIt() throws CommandLineOptionException {
        Plan plan = plan(Profile.SEED, "-p", "permits=3", "-p", "arrangement=all_virtual");

        assertThat(plan.trials()).hasSize(9);
        assertThat(plan.trials()).filteredOn(t -> t.params().get("scenario").equals("semaphore"))
                .singleElement().satisfies(t -> assertThat(t.params()).containsEntry("permits", "3"));
        assertThat(plan.trials()).filteredOn(t -> !t.params().get("scenario").equals("semaphore"))
                .allSatisfy(t -> assertThat(t.params()).containsEntry("permits", "0"));
    }

    @Test
    void anUnknownArrangementIsNamedWithTheKnownOnes() {
        assertThatThrownBy(() -> plan(Profile.SEED, "-p", "arrangement=green_threads"))
                .hasMessageStartingWith("unknown arrangement 'green_threads'; the arrangements are io_pool_cpu_pool");
    }
}
