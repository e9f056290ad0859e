package dev.fanout.bench.cli;

import static dev.fanout.bench.cli.ParamValues.atLeast;
import static dev.fanout.bench.cli.ParamValues.named;
import static dev.fanout.bench.cli.ParamValues.values;

import dev.fanout.bench.jmh.ScenarioBenchmark;
import dev.fanout.bench.scenarios.Arrangement;
import dev.fanout.bench.scenarios.CpuTask;
import dev.fanout.bench.scenarios.Scenario;
import dev.fanout.bench.scenarios.ScenarioSetting;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The article's scenarios in a profile: every scenario × N × L, with each of the values of a param only for
 * the scenario that uses it (permits for {@code semaphore}, the sleep for {@code fire_and_forget}, CPU tasks
 * and arrangements for {@code cpu_io_mix}); the others run once with it at 0, as {@link FanOutGrid} does k.
 */
record ScenarioGrid(List<Scenario> scenarios, List<Integer> ns, List<Long> latenciesMs, List<Integer> permits,
                    List<Long> sleepsMs, List<Integer> cpuTasks, List<Long> cpuRanges,
                    List<Arrangement> arrangements) implements TrialGrid {
    static final String BENCHMARK = ScenarioBenchmark.class.getName() + ".run";
    /** The params of {@link ScenarioBenchmark}, which {@code -p} may set. */
    private static final Set<String> PARAMS = Set.of("scenario", "n", "latencyMs", "permits", "sleepMs", "cpuTasks",
            "cpuRange", "arrangement");

    /** The article's own setting: 3 requests of 1 s, 2 permits, a 1.1 s sleep, 3 I/O and 3 CPU tasks. */
    static ScenarioGrid article() {
        return article(ScenarioSetting.ARTICLE_LATENCY_MS, ScenarioSetting.ARTICLE_SLEEP_MS);
    }

    /** The article's setting at another latency, with a sleep long enough for it. */
    static ScenarioGrid article(long latencyMs, long sleepMs) {
        return new ScenarioGrid(List.of(Scenario.values()), List.of(ScenarioSetting.ARTICLE_N), List.of(latencyMs),
                List.of(ScenarioSetting.ARTICLE_PERMITS), List.of(sleepMs), List.of(ScenarioSetting.ARTICLE_CPU_TASKS),
                List.of(CpuTask.ARTICLE_RANGE), List.of(Arrangement.values()));
    }

    /**
     * The scenarios at a fan-out: L = 100 ms, 10 permits, a sleep of 2 L, and CPU tasks that outlast L so
     * an arrangement that lets them hold up the I/O shows it.
     */
    static ScenarioGrid scaled(List<Integer> ns, List<Arrangement> arrangements) {
        return new ScenarioGrid(List.of(Scenario.values()), ns, List.of(100L), List.of(10), List.of(200L),
                List.of(8), List.of(10 * CpuTask.ARTICLE_RANGE), arrangements);
    }

    @Override
    public Set<String> params() {
        return PARAMS;
    }

    @Override
    public ScenarioGrid overriddenBy(JmhArguments jmh) {
        return new ScenarioGrid(
                values(jmh, "scenario", scenarios, v -> named(Scenario.class, "scenario", v)),
                values(jmh, "n", ns, v -> (int) atLeast("n", v, 1)),
                values(jmh, "latencyMs", latenciesMs, v -> atLeast("latencyMs", v, 0)),
                values(jmh, "permits", permits, v -> (int) atLeast("permits", v, 1)),
                values(jmh, "sleepMs", sleepsMs, v -> atLeast("sleepMs", v, 0)),
                values(jmh, "cpuTasks", cpuTasks, v -> (int) atLeast("cpuTasks", v, 1)),
                values(jmh, "cpuRange", cpuRanges, v -> atLeast("cpuRange", v, 1)),
                values(jmh, "arrangement", arrangements, v -> named(Arrangement.class, "arrangement", v)));
    }

    @Override
    public void addTo(Plan.Builder plan, IterationPlan iterations, int cores) {
        for (long latency : latenciesMs) {
            for (int n : ns) {
                for (Scenario scenario : scenarios) {
                    for (ScenarioSetting setting : settings(scenario, n, latency)) {
                        // The cost of a CPU task is measured in the fork; the plan's ideal leaves it out.
                        double ideal = scenario.idealMs(setting, 0, cores);
                        Map<String, String> params = new LinkedHashMap<>();
                        params.put("scenario", scenario.name());
                        params.put("n", Integer.toString(n));
                        params.put("latencyMs", Long.toString(latency));
                        params.put("permits", Integer.toString(setting.permits()));
                        params.put("sleepMs", Long.toString(setting.sleepMs()));
                        params.put("cpuTasks", Integer.toString(setting.cpuTasks()));
                        params.put("cpuRange", Long.toString(setting.cpuRange()));
                        params.put("arrangement", setting.model());
                        plan.add(new Trial(BENCHMARK, params, ideal, iterations.forOpsOf(ideal)));
                    }
                }
            }
        }
    }

    private List<ScenarioSetting> settings(Scenario scenario, int n, long latency) {
        return switch (scenario) {
            case semaphore -> permits.stream()
                    .map(k -> new ScenarioSetting(scenario, n, latency, k, 0, 0, 0, null)).toList();
            case fire_and_forget -> sleepsMs.stream()
                    .map(sleep -> new ScenarioSetting(scenario, n, latency, 0, sleep, 0, 0, null)).toList();
            case cpu_io_mix -> cpuTasks.stream().flatMap(tasks -> cpuRanges.stream().flatMap(range ->
                    arrangements.stream().map(a -> new ScenarioSetting(scenario, n, latency, 0, 0, tasks, range, a))))
                    .toList();
            default -> List.of(new ScenarioSetting(scenario, n, latency, 0, 0, 0, 0, null));
        };
    }
}
