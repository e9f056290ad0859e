package dev.fanout.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.fanout.bench.clients.Client;
import dev.fanout.bench.jmh.ForkEnvironment;
import dev.fanout.bench.suite.Params;
import dev.fanout.bench.suite.Setting;
import dev.fanout.bench.suite.Workload;
import java.time.Duration;
import java.util.ArrayList;
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
    /** The fork heap of a trial of N <= 10,000. */
    private static final List<String> HEAP_1G = List.of("-Xms1024m", "-Xmx1024m");

    private static final int CORES = 2;
    /** What the plans assume one of cpu_io_mix's CPU tasks costs, rather than measuring it in every test. */
    private static final Trial.CpuTaskCost CPU_TASK = range -> range / 1e6;

    @ParameterizedTest
    @CsvSource({"QUICK, 3", "DEFAULT, 12", "CI, 6", "SEED, 4", "FULL, 280", "SERVICE, 21"})
    void everyProfileFitsItsBudgetOnTwoCores(Profile profile, int minutes) throws Exception {
        Plan plan = plan(profile);
        assertThat(plan.trials()).isNotEmpty();
        assertThat(plan.estimate()).isLessThanOrEqualTo(Duration.ofMinutes(minutes));
    }

    @Test
    void theDefaultProfileRunsTheModelsAtEveryNAndLeavesTheScenariosToTheirOwnProfiles() throws Exception {
        Plan plan = plan(Profile.DEFAULT);
        for (Workload model : List.of(Workload.platform_threads, Workload.virtual_threads, Workload.async)) {
            assertThat(plan.trials()).filteredOn(t -> t.setting().workload() == model)
                    .extracting(t -> t.setting().n()).contains(1000);
        }
        assertThat(plan.trials()).noneMatch(t -> t.setting().workload().kind() == Workload.Kind.SCENARIO);
        assertThat(plan(Profile.SEED).trials()).anyMatch(t -> t.setting().workload() == Workload.cpu_io_mix);
        assertThat(plan(Profile.QUICK).trials()).anyMatch(t -> t.setting().workload() == Workload.sequential)
                .anyMatch(t -> t.setting().workload() == Workload.fixed_pool);
    }

    /** The Ns at which {@code plan} runs {@code model} through {@code client}, on one pool, with no CPU work. */
    private static List<Integer> ns(Plan plan, Workload model, Client client) {
        return plan.trials().stream().map(Trial::setting).filter(s -> s.workload() == model && s.client() == client
                && s.pools() == 1 && s.cpuMicros() == 0).map(Setting::n).toList();
    }

    /** Forks are spent where one launch differs from the next: on the Java fan-outs of N = 10,000. */
    @Test
    void theDefaultProfileForksTheLargeFanOutsAndRunsTheSmallOnesOnce() throws Exception {
        Plan plan = plan(Profile.DEFAULT);
        assertThat(plan.trials()).filteredOn(t -> t.setting().n() >= 10_000 && t.setting().workload() != Workload.asyncio)
                .isNotEmpty().allSatisfy(t -> {
                    assertThat(t.iterations().forks()).isEqualTo(3);
                    assertThat(t.iterations().warmupIterations()).as("each fork warms its own code").isZero();
                });
        assertThat(plan.trials()).filteredOn(t -> t.setting().n() < 10_000 || t.setting().workload() == Workload.asyncio)
                .isNotEmpty().allSatisfy(t -> assertThat(t.iterations().forks()).isEqualTo(1));
        assertThat(plan(Profile.DEFAULT, "-f", "5").trials()).allSatisfy(t -> assertThat(t.iterations().forks())
                .as("the user's -f for every trial").isEqualTo(5));
    }

    /** A seeded shuffle: a permutation of the plan, the same for one seed, a sweep's steps together in rising rate. */
    @Test
    void aShuffledPlanIsThePlanInAnotherOrderThatItsSeedRepeats() throws Exception {
        Machine machine = new Machine(CORES, SystemLimits.unlimited(), CPU_TASK, null);
        JmhArguments none = JmhArguments.parse(List.of());
        Plan plain = Plan.of(Profile.SERVICE, none, machine, true, 2, TrialOrder.PROFILE, true,
                ForkEnvironment.DEFAULT_CODE_WARM_UP);
        Plan shuffled = Plan.of(Profile.SERVICE, none, machine, true, 2, new TrialOrder(42L, false), true,
                ForkEnvironment.DEFAULT_CODE_WARM_UP);

        assertThat(shuffled.trials()).extracting(Trial::setting)
                .containsExactlyInAnyOrderElementsOf(plain.trials().stream().map(Trial::setting).toList())
                .isNotEqualTo(plain.trials().stream().map(Trial::setting).toList());
        assertThat(Plan.of(Profile.SERVICE, none, machine, true, 2, new TrialOrder(42L, false), true,
                ForkEnvironment.DEFAULT_CODE_WARM_UP).trials()).isEqualTo(shuffled.trials());
        assertThat(shuffled.trials()).extracting(Trial::order)
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, shuffled.trials().size()).boxed().toList());
        for (int i = 1; i < shuffled.trials().size(); i++) {
            Trial before = shuffled.trials().get(i - 1);
            Trial step = shuffled.trials().get(i);
            if (step.sweep().equals(before.sweep())) {
                assertThat(step.setting().rate()).isGreaterThan(before.setting().rate());
            } else {
                assertThat(shuffled.trials().subList(i + 1, shuffled.trials().size())).as("a sweep is not split")
                        .noneMatch(later -> later.sweep().equals(before.sweep()));
            }
        }
        assertThat(plain.order().shuffleSeed()).isNull();
        assertThat(plain.trials()).extracting(Trial::order).first().isEqualTo(1);
    }

    /**
     * Interleaved, the default profile runs in three rounds: a third of its one-fork trials, then one fork of each trial
     * of three; each trial's forks once each, in order, and every one-fork trial once, in the plan's order.
     */
    @Test
    void interleavedForksRunInRoundsOfOneForkOfEachTrialBetweenThePlansOtherTrials() throws Exception {
        Plan plan = Plan.of(Profile.DEFAULT, JmhArguments.parse(List.of()), new Machine(CORES, SystemLimits.unlimited(),
                CPU_TASK, null), true, 2, new TrialOrder(null, true), true,
                ForkEnvironment.DEFAULT_CODE_WARM_UP);
        List<Turn> turns = plan.turns();
        List<Trial> split = plan.trials().stream().filter(t -> t.iterations().forks() == 3).toList();
        List<Trial> whole = plan.trials().stream().filter(t -> t.iterations().forks() == 1).toList();

        assertThat(split).hasSize(7);
        assertThat(turns).hasSize(whole.size() + 3 * split.size());
        assertThat(turns).filteredOn(Turn::whole).extracting(Turn::trial).containsExactlyElementsOf(whole);
        for (Trial trial : split) {
            assertThat(turns).filteredOn(turn -> turn.trial().equals(trial)).extracting(Turn::firstFork, Turn::forks)
                    .containsExactly(tuple(1, 1), tuple(2, 1), tuple(3, 1));
        }
        int wholeBeforeRound2 = whole.size() / 3;
        assertThat(turns.subList(0, wholeBeforeRound2)).allMatch(Turn::whole);
        assertThat(turns.subList(wholeBeforeRound2, wholeBeforeRound2 + split.size())).extracting(Turn::trial, Turn::firstFork)
                .containsExactlyElementsOf(split.stream().map(t -> tuple(t, 1)).toList());
        assertThat(turns.get(turns.size() - 1)).extracting(Turn::trial, Turn::firstFork).containsExactly(split.get(6), 3);
        assertThat(turns.get(wholeBeforeRound2).label()).isEqualTo(split.get(0).label() + " fork 1 of 3");
        assertThat(turns.get(wholeBeforeRound2 + split.size()).label()).as("round 2 begins with a one-fork trial")
                .isEqualTo(whole.get(wholeBeforeRound2).label());

        assertThat(plan(Profile.DEFAULT).turns()).as("not interleaved: a turn a trial, its forks together")
                .allMatch(Turn::whole).extracting(Turn::trial).containsExactlyElementsOf(plan(Profile.DEFAULT).trials());
    }

    /**
     * The large trials, and only they, run a training fork first, when the plan trains; the estimate counts each: its
     * fork, its op, and the cache's assembly.
     */
    @Test
    void onlyTheLargeTrialsTrainTheirCompilersAndTheEstimateCountsIt() throws Exception {
        Plan trained = defaultPlan(true, ForkEnvironment.DEFAULT_CODE_WARM_UP);
        Plan untrained = defaultPlan(false, ForkEnvironment.DEFAULT_CODE_WARM_UP);

        List<Trial> large = trained.trials().stream().filter(trained::trains).toList();
        assertThat(large).hasSize(7).allSatisfy(t -> {
            assertThat(t.setting().n()).isEqualTo(10_000);
            assertThat(t.iterations().forks()).isEqualTo(3);
        });
        assertThat(untrained.trials()).noneMatch(untrained::trains);
        Duration training = large.stream().map(t -> IterationPlan.TRAINING.estimate(t.idealMs(),
                Plan.FORK_OVERHEAD.plusMillis(Math.round(10_000 * Plan.FORK_MS_PER_REQUEST))).plus(Plan.AOT_ASSEMBLY))
                .reduce(Duration.ZERO, Duration::plus);
        assertThat(trained.estimate().minus(untrained.estimate())).isBetween(training,
                training.plusSeconds(large.size()));
    }

    /** A shorter code warm-up (--code-warm-up) takes the difference off every fork's time, training forks included. */
    @Test
    void aShorterCodeWarmUpShortensTheEstimateByItsDifferenceAFork() throws Exception {
        Plan usual = defaultPlan(true, ForkEnvironment.DEFAULT_CODE_WARM_UP);
        Plan shorter = defaultPlan(true, ForkEnvironment.DEFAULT_CODE_WARM_UP.minusSeconds(5));

        long javaForks = usual.trials().stream().filter(t -> t.setting().workload() != Workload.asyncio)
                .mapToLong(t -> t.iterations().forks() + (usual.trains(t) ? 1 : 0)).sum();
        assertThat(usual.estimate().minus(shorter.estimate())).isEqualTo(Duration.ofSeconds(5 * javaForks));
    }

    /** The default profile as a run without options plans it, but trained or not and with the code warm-up given. */
    private static Plan defaultPlan(boolean aotTraining, Duration codeWarmUp) throws Exception {
        return Plan.of(Profile.DEFAULT, JmhArguments.parse(List.of()), new Machine(CORES, SystemLimits.unlimited(),
                CPU_TASK, null), true, 2, TrialOrder.PROFILE, aotTraining, codeWarmUp);
    }

    /** Trials of different forks: as many rounds as the most forks, each trial in as many as it has. */
    @Test
    void interleavedTrialsOfDifferentForksRunInAsManyRoundsAsTheMost() throws Exception {
        Plan quick = plan(Profile.QUICK, "-p", "workload=virtual_threads", "-p", "client=okhttp");
        Trial one = quick.trials().get(0);
        Trial three = withForks(one, 3, 100);
        Trial two = withForks(one, 2, 200);
        Plan plan = new Plan(List.of(one, three, two), List.of(), true, CORES, 2, new TrialOrder(null, true), false,
                ForkEnvironment.DEFAULT_CODE_WARM_UP);

        assertThat(plan.turns()).extracting(turn -> turn.trial().setting().n() + "/" + turn.firstFork())
                .containsExactly("100/1", "200/1", "100/2", "200/2", "10/1", "100/3");
    }

    private static Trial withForks(Trial trial, int forks, int n) {
        IterationPlan it = trial.iterations();
        return new Trial(trial.setting().with(Params.N, n), trial.idealMs(), trial.cpuTaskMs(), new IterationPlan(forks,
                it.warmupIterations(), it.warmupTime(), it.measurementIterations(), it.measurementTime()), 0);
    }

    /** A trial alone has nothing to interleave with: its forks are one turn, as in a run not interleaved. */
    @Test
    void aTrialAloneRunsItsForksInOneTurnInterleavedOrNot() throws Exception {
        Plan alone = Plan.of(Profile.DEFAULT, JmhArguments.parse(List.of("-p", "workload=event_loop", "-p",
                        "client=reactor_netty", "-p", "n=10000")), new Machine(CORES, SystemLimits.unlimited(), CPU_TASK,
                null), true, 2, new TrialOrder(null, true), true,
                ForkEnvironment.DEFAULT_CODE_WARM_UP);

        assertThat(alone.turns()).singleElement().satisfies(turn -> {
            assertThat(turn.whole()).isTrue();
            assertThat(turn.forks()).isEqualTo(3);
            assertThat(turn.label()).isEqualTo(alone.trials().get(0).label());
        });
    }

    /** Service sweeps are never split, and a round's share of the plan's other trials ends between two sweeps. */
    @Test
    void interleavingKeepsAServiceSweepsStepsTogether() throws Exception {
        Machine machine = new Machine(CORES, SystemLimits.unlimited(), CPU_TASK, null);
        Plan service = Plan.of(Profile.SERVICE, JmhArguments.parse(List.of()), machine, true, 2, TrialOrder.PROFILE,
                true, ForkEnvironment.DEFAULT_CODE_WARM_UP);
        Plan closed = plan(Profile.QUICK, "-p", "workload=virtual_threads", "-p", "client=okhttp", "-f", "2");
        // Less the first two steps: half of the rest ends within a sweep.
        List<Trial> steps = service.trials().subList(2, service.trials().size());
        List<Trial> trials = new ArrayList<>(steps);
        trials.add(closed.trials().get(0));
        Plan mixed = new Plan(trials, List.of(), true, CORES, 2, new TrialOrder(null, true), true,
                ForkEnvironment.DEFAULT_CODE_WARM_UP);

        List<Turn> turns = mixed.turns();
        assertThat(turns).filteredOn(turn -> !turn.whole()).extracting(Turn::firstFork).containsExactly(1, 2);
        int firstFork = turns.indexOf(turns.stream().filter(turn -> !turn.whole()).findFirst().orElseThrow());
        Trial before = turns.get(firstFork - 1).trial();
        Trial after = turns.get(firstFork + 1).trial();
        assertThat(before.sweep()).isPresent().isNotEqualTo(after.sweep());
        assertThat(turns).filteredOn(Turn::whole).extracting(Turn::trial).containsExactlyElementsOf(steps);
    }

    /** Issue 12's question, model or client, needs each model through each client at the same N, and the pool spread. */
    @Test
    void theDefaultProfileCrossesTheModelsWithEveryClientAtTheLargeNs() throws Exception {
        Plan plan = plan(Profile.DEFAULT);
        for (Client client : Client.java()) {
            assertThat(ns(plan, Workload.async, client)).as("async " + client).contains(1000, 10_000);
            assertThat(ns(plan, Workload.virtual_threads, client)).as("virtual_threads " + client).contains(1000);
        }
        assertThat(ns(plan, Workload.virtual_threads, Client.okhttp)).contains(10_000);
        assertThat(ns(plan, Workload.virtual_threads, Client.reactor_netty)).contains(10_000);
        assertThat(plan.trials()).as("the JDK's client spread over pools: the pool scan")
                .anySatisfy(t -> assertThat(t.setting()).matches(s -> s.client() == Client.jdk && s.pools() > 1
                        && s.n() == 10_000));
        assertThat(ns(plan, Workload.event_loop, Client.reactor_netty)).containsExactly(1000, 10_000);
        assertThat(ns(plan, Workload.flat_map, Client.reactor_netty)).containsExactly(1000);
        assertThat(plan.trials()).filteredOn(t -> t.setting().workload() == Workload.asyncio)
                .extracting(t -> t.setting().n()).containsExactly(1000, 10_000);
    }

    @Test
    void trialsLongerThanTheProfileAllowsAreNamedNotDropped() throws Exception {
        Plan plan = plan(Profile.FULL);
        assertThat(plan.skipped()).anySatisfy(s -> assertThat(s)
                .contains("sequential okhttp n=1000 L=100").contains("at least 100 s").contains("run it alone with -p"));
    }

    @Test
    void pReplacesTheProfilesValuesAndLiftsItsLimit() throws Exception {
        Plan plan = plan(Profile.QUICK, "-p", "workload=sequential", "-p", "n=1000");
        assertThat(plan.trials()).singleElement().satisfies(t -> {
            assertThat(t.setting().params()).containsEntry("workload", "sequential").containsEntry("n", "1000");
            assertThat(t.idealMs()).isEqualTo(100_000.0);
            assertThat(t.iterations().measurementIterations()).as("a 100 s op is measured once").isEqualTo(1);
        });
        assertThat(plan.skipped()).isEmpty();
    }

    @Test
    void aWorkloadNamedWithPRunsAtTheSettingTheProfileGivesIt() throws Exception {
        Plan plan = plan(Profile.FULL, "-p", "workload=cpu_io_mix,virtual_threads");
        assertThat(plan.trials()).filteredOn(t -> t.setting().workload() == Workload.cpu_io_mix)
                .extracting(t -> t.setting().n()).containsOnly(100, 1000).contains(100, 1000);
        assertThat(plan.trials()).filteredOn(t -> t.setting().workload() == Workload.virtual_threads
                        && t.setting().client() == Client.okhttp)
                .extracting(t -> t.setting().n()).contains(100, 1000, 10_000);
        assertThatThrownBy(() -> plan(Profile.QUICK, "-p", "workload=lock"))
                .hasMessageStartingWith("profile quick does not run lock; its workloads are [sequential,");
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
        assertThat(plan(Profile.QUICK, "FanOut").trials()).isNotEmpty();
    }

    @Test
    void aFanOutTheMachineCannotHoldIsSkippedWithTheLimitToRaise() throws Exception {
        Plan plan = Plan.of(Profile.QUICK,
                JmhArguments.parse(List.of("-p", "n=10,1000", "-p", "workload=virtual_threads", "-p", "client=okhttp")),
                new Machine(CORES, new SystemLimits(1024, 28_232, 32_768), CPU_TASK, null), true);

        assertThat(plan.trials()).extracting(t -> t.setting().n()).containsExactly(10);
        assertThat(plan.skipped()).singleElement().asString()
                .contains("n=1000").contains("needs 1512 open files per process but may open 1024")
                .contains("ulimit -n 1512");
        assertThat(new SystemLimits(100_000, 500, 32_768).shortfall(1000, 0)).contains("ip_local_port_range");
        assertThat(new SystemLimits(100_000, 28_232, 32_768).shortfall(10_000, 10_000)).isNull();
        assertThat(new SystemLimits(100_000, 28_232, 32_768).shortfall(1, 100_000)).contains("kernel.pid_max");
    }

    /**
     * Over h2c a fan-out holds a socket a client, not a request: N = 100,000 fits where HTTP/1.1 would need 100,000
     * files; a model that holds a thread a request in flight still needs 100,000 threads, more than the kernel allows.
     */
    @Test
    void theLimitsCountSocketsByProtocolAndThreadsByModel() throws Exception {
        Plan plan = Plan.of(Profile.QUICK, JmhArguments.parse(List.of("-p", "n=100000", "-p",
                        "workload=virtual_threads,async,platform_threads", "-p", "client=okhttp", "-p", "protocol=http1,h2c")),
                new Machine(CORES, new SystemLimits(20_000, 28_232, 32_768), CPU_TASK, null), true);

        assertThat(plan.trials()).extracting(t -> t.setting().label()).containsExactly(
                "virtual_threads okhttp h2c n=100000 L=100");
        assertThat(plan.skipped()).hasSize(5).anySatisfy(skip -> assertThat(skip)
                .contains("async okhttp h2c n=100000").contains("needs 100000 platform threads"))
                .anySatisfy(skip -> assertThat(skip).contains("virtual_threads okhttp n=100000")
                        .contains("needs 100512 open files"));
    }

    @Test
    void badParamsAreRefusedWithWhatIsAllowed() {
        assertThatThrownBy(() -> plan(Profile.QUICK, "-p", "threads=4"))
                .hasMessageContaining("unknown param [threads]").hasMessageContaining("latencyMs");
        assertThatThrownBy(() -> plan(Profile.QUICK, "-p", "n=0")).hasMessage("n must be at least 1, got 0");
        assertThatThrownBy(() -> plan(Profile.QUICK, "-p", "latencyMs=soon"))
                .hasMessage("latencyMs must be a whole number from 0 to 2147483647, got 'soon'");
        assertThatThrownBy(() -> plan(Profile.QUICK, "-p", "workload=green_threads"))
                .hasMessageContaining("unknown workload 'green_threads'").hasMessageContaining("virtual_threads");
        assertThatThrownBy(() -> plan(Profile.SEED, "-p", "arrangement=green_threads"))
                .hasMessageStartingWith("unknown arrangement 'green_threads'; the arrangements are io_pool_cpu_pool");
    }

    @Test
    void theSeedProfileIsTheArticlesSettingOnceForEachScriptAndArrangement() throws Exception {
        Plan plan = plan(Profile.SEED);

        assertThat(plan.trials()).hasSize(12).allSatisfy(t -> {
            assertThat(t.setting().n()).isEqualTo(3);
            assertThat(t.setting().latencyMs()).isEqualTo(1000);
            assertThat(t.idealMs()).isGreaterThanOrEqualTo(1000);
        });
        assertThat(plan.trials()).filteredOn(t -> t.setting().workload() == Workload.semaphore)
                .singleElement().satisfies(t -> {
                    assertThat(t.setting().k()).isEqualTo(2);
                    assertThat(t.idealMs()).isEqualTo(2000);
                });
        assertThat(plan.trials()).filteredOn(t -> t.setting().workload() == Workload.lock)
                .singleElement().satisfies(t -> assertThat(t.setting().params()).containsEntry("k", "0")
                        .containsEntry("arrangement", "-"));
    }

    @Test
    void aParamGivenWithPChangesOnlyTheWorkloadsThatUseIt() throws Exception {
        Plan plan = plan(Profile.SEED, "-p", "k=3", "-p", "arrangement=all_virtual");

        assertThat(plan.trials()).hasSize(9);
        assertThat(plan.trials()).filteredOn(t -> t.setting().workload() == Workload.semaphore)
                .singleElement().satisfies(t -> assertThat(t.setting().k()).isEqualTo(3));
        assertThat(plan.trials()).filteredOn(t -> t.setting().workload() != Workload.semaphore)
                .allSatisfy(t -> assertThat(t.setting().k()).isZero());
    }

    @Test
    void theCpuTaskTheIdealAssumesIsTheOneTheForkIsTold() throws Exception {
        Plan plan = plan(Profile.SEED, "-p", "workload=cpu_io_mix", "-p", "arrangement=io_pool_cpu_pool",
                "-p", "cpuRange=2000000000");
        assertThat(plan.trials()).singleElement().satisfies(t -> {
            assertThat(t.cpuTaskMs()).hasValue(2000.0);
            assertThat(t.idealMs()).as("3 tasks of 2 s on 2 cores").isEqualTo(3000.0);
            assertThat(t.forkProperties()).containsExactly(HEAP_1G.get(0), HEAP_1G.get(1), "-Dfanout.cpu-task-ms=2000.0");
        });
        assertThat(plan(Profile.QUICK, "-p", "client=okhttp").trials()).allSatisfy(t ->
                assertThat(t.forkProperties().subList(2, t.forkProperties().size()))
                        .isEqualTo(t.setting().workload().jvmArguments()));
    }

    @Test
    void aClientThatNeedsSystemPropertiesGetsThemInEveryForkOfItsTrials() throws Exception {
        assertThat(plan(Profile.QUICK, "-p", "client=jdk", "-p", "workload=async").trials()).isNotEmpty()
                .allSatisfy(t -> assertThat(t.forkProperties().subList(2, t.forkProperties().size()))
                        .containsExactlyElementsOf(Client.jdk.forkProperties()));
    }

    /** 1 GiB up to N = 10,000, then 32 KiB more a request: 100,000 requests in flight get 3,837 MiB. */
    @Test
    void aForksHeapGrowsWithTheFanOutBeyondTenThousand() throws Exception {
        Plan plan = plan(Profile.H2C, "-p", "workload=event_loop", "-p", "client=reactor_netty", "-p", "protocol=h2c");
        assertThat(plan.trials()).extracting(t -> t.setting().n() + " " + t.forkProperties().subList(0, 2))
                .containsExactly("1000 " + HEAP_1G, "10000 " + HEAP_1G, "100000 [-Xms3837m, -Xmx3837m]");
    }

    @Test
    void theAsyncioRowRunsOnlyWherePythonsAiohttpIsAndSaysHowToGetIt() throws Exception {
        List<String> args = List.of("-p", "workload=asyncio", "-p", "client=aiohttp", "-p", "n=1000");
        Plan here = Plan.of(Profile.DEFAULT, JmhArguments.parse(args), new Machine(CORES, SystemLimits.unlimited(),
                CPU_TASK, null), true);
        assertThat(here.trials()).singleElement().satisfies(t -> {
            assertThat(t.setting().client()).hasToString("aiohttp");
            assertThat(t.label()).isEqualTo("asyncio aiohttp n=1000 L=100");
        });

        Plan without = Plan.of(Profile.DEFAULT, JmhArguments.parse(args), new Machine(CORES, SystemLimits.unlimited(),
                CPU_TASK, "/usr/bin/python3 has no aiohttp: apt-get install python3-aiohttp"), true);
        assertThat(without.trials()).isEmpty();
        assertThat(without.skipped()).singleElement().asString().contains("apt-get install python3-aiohttp");
    }

    @Test
    void aServiceSweepsStepsRiseAndTheClientsAreSizedForTheRequestsInFlightAtTheLimit() throws Exception {
        JmhArguments args = JmhArguments.parse(List.of("-p", "workload=virtual_threads", "-p", "n=10", "-p",
                "rate=400,100,200"));
        Machine machine = new Machine(CORES, SystemLimits.unlimited(), CPU_TASK, null);

        Plan plan = Plan.of(Profile.SERVICE, args, machine, true, 2, TrialOrder.PROFILE, true,
                ForkEnvironment.DEFAULT_CODE_WARM_UP);
        Plan looser = Plan.of(Profile.SERVICE, args, machine, true, 5, TrialOrder.PROFILE, true,
                ForkEnvironment.DEFAULT_CODE_WARM_UP);

        assertThat(plan.trials()).extracting(trial -> trial.setting().rate()).containsExactly(100, 200, 400);
        assertThat(plan.trials()).allSatisfy(trial -> assertThat(trial.benchmark()).endsWith("ServiceBenchmark.serve"));
        // 400 fan-outs a second of 10 requests, each held up to 2 x 100 ms: 800 in flight; 2,000 at 5 x.
        assertThat(plan.maxConcurrent()).isEqualTo(800);
        assertThat(looser.maxConcurrent()).isEqualTo(2_000);
        assertThat(looser.estimate()).isGreaterThan(plan.estimate());
    }

    private static Plan plan(Profile profile, String... jmhArgs) throws Exception {
        return Plan.of(profile, JmhArguments.parse(List.of(jmhArgs)), new Machine(CORES, SystemLimits.unlimited(),
                CPU_TASK, null), true);
    }
}
