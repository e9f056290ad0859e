package dev.fanout.bench.cli;

import dev.fanout.bench.clients.Client;
import dev.fanout.bench.scenarios.Arrangement;
import dev.fanout.bench.scenarios.CpuTask;
import dev.fanout.bench.suite.Params;
import dev.fanout.bench.suite.Setting;
import dev.fanout.bench.suite.TrialParam;
import dev.fanout.bench.suite.Workload;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A family of trials a profile runs: values of each param ({@link Params}), and every combination of them a trial
 * can be, each param taking only the values its workload admits (k for {@code fixed_pool} and {@code semaphore}, the
 * sleep for {@code fire_and_forget}, CPU tasks and arrangements for {@code cpu_io_mix}); the others run once, with it
 * at its neutral value. Rates above 0 make each setting a step of a service-mode sweep, in rising order.
 *
 * @param values each param's values; a param not given takes its neutral value
 */
record Grid(Map<TrialParam<?>, List<?>> values) {
    /** A grid of these params' values, each other param at its neutral value. */
    static Grid of(Object... paramsAndValues) {
        Map<TrialParam<?>, List<?>> values = new LinkedHashMap<>();
        for (int i = 0; i < paramsAndValues.length; i += 2) {
            values.put((TrialParam<?>) paramsAndValues[i], List.copyOf((Collection<?>) paramsAndValues[i + 1]));
        }
        return new Grid(Map.copyOf(values));
    }

    /**
     * The concurrency models through each client at every N and L, with a pool of each k, and CPU work of each
     * length per response.
     */
    static Grid models(List<Workload> models, List<Client> clients, List<Integer> ns, List<Long> latenciesMs,
                       List<Integer> ks, List<Long> cpuMicros) {
        return of(Params.WORKLOAD, models, Params.CLIENT, clients, Params.N, ns, Params.LATENCY_MS, latenciesMs,
                Params.K, ks, Params.CPU_MICROS, cpuMicros);
    }

    /**
     * Service mode's sweep of each model through each client at N, L = 100 ms: one step a rate, in rising order, with
     * even gaps between arrivals.
     */
    static Grid sweep(List<Workload> models, List<Client> clients, int n, List<Integer> rates) {
        return of(Params.WORKLOAD, models, Params.CLIENT, clients, Params.N, List.of(n), Params.RATE, rates);
    }

    /** Workloads through each of several clients, spread over each number of pools, at L = 100 ms. */
    static Grid clients(List<Workload> workloads, List<Client> clients, List<Integer> pools, List<Integer> ns) {
        return of(Params.WORKLOAD, workloads, Params.CLIENT, clients, Params.POOLS, pools, Params.N, ns);
    }

    /**
     * The article's scenarios at a fan-out: L = 100 ms, a semaphore of 10, a sleep of 2 L, and CPU tasks that
     * outlast L so an arrangement that lets them hold up the I/O shows it.
     */
    static Grid scaledScenarios(List<Integer> ns, List<Arrangement> arrangements) {
        return of(Params.WORKLOAD, Workload.scenarios(), Params.N, ns, Params.K, List.of(10), Params.SLEEP_MS,
                List.of(200L), Params.CPU_TASKS, List.of(8), Params.CPU_RANGE, List.of(10 * CpuTask.ARTICLE_RANGE),
                Params.ARRANGEMENT, arrangements);
    }

    /** The article's own setting (3 requests, 2 permits, 3 I/O and 3 CPU tasks) at latency L with a given sleep. */
    static Grid article(long latencyMs, long sleepMs) {
        return of(Params.WORKLOAD, Workload.inArticle(), Params.N, List.of(Setting.ARTICLE_N), Params.LATENCY_MS,
                List.of(latencyMs), Params.K, List.of(Setting.ARTICLE_PERMITS), Params.SLEEP_MS, List.of(sleepMs),
                Params.CPU_TASKS, List.of(Setting.ARTICLE_CPU_TASKS), Params.CPU_RANGE, List.of(CpuTask.ARTICLE_RANGE),
                Params.ARRANGEMENT, List.of(Arrangement.values()));
    }

    /** The workloads of this grid. */
    List<Workload> workloads() {
        return valuesOf(Params.WORKLOAD);
    }

    /** This grid with only {@code workload} of its workloads. */
    Grid only(Workload workload) {
        return with(Params.WORKLOAD, List.of(workload));
    }

    /**
     * This grid with the user's {@code -p} values in place of its own. {@code workload} is the exception: it picks
     * among this grid's workloads, so that {@code -p workload=lock} runs the lock at the setting the profile
     * gives the scenarios, not at every N the profile gives the models.
     */
    Grid overriddenBy(JmhArguments jmh) {
        Grid grid = this;
        for (TrialParam<?> param : Params.ALL) {
            Collection<String> given = jmh.param(param.name());
            if (given != null) {
                List<?> parsed = given.stream().map(param::parse).toList();
                grid = grid.with(param, param == Params.WORKLOAD
                        ? parsed.stream().filter(workloads()::contains).toList() : parsed);
            }
        }
        return grid;
    }

    /**
     * Every setting of this grid, in the order a run makes them: by L, then N, then by the params in the order they
     * are declared, a sweep's steps following each other in rising rate.
     */
    List<Setting> settings() {
        List<Setting> settings = new ArrayList<>();
        expand(0, new LinkedHashMap<>(), settings);
        Map<Setting, Integer> sweepOrder = new LinkedHashMap<>();
        settings.forEach(setting -> sweepOrder.putIfAbsent(setting.atRate(0), sweepOrder.size()));
        return settings.stream().sorted(Comparator.comparingLong(Setting::latencyMs).thenComparingInt(Setting::n)
                .thenComparingInt(setting -> sweepOrder.get(setting.atRate(0))).thenComparingInt(Setting::rate)).toList();
    }

    /** Every combination of the values the params from {@code index} on admit, given the ones {@code chosen} before. */
    private void expand(int index, Map<TrialParam<?>, Object> chosen, List<Setting> settings) {
        if (index == Params.ALL.size()) {
            Setting setting = Setting.of(chosen);
            if (!settings.contains(setting)) {
                settings.add(setting);
            }
            return;
        }
        TrialParam<?> param = Params.ALL.get(index);
        for (Object value : admitted(param, chosen)) {
            chosen.put(param, value);
            expand(index + 1, chosen, settings);
        }
        chosen.remove(param);
    }

    /** The values of {@code param} a setting of the params chosen before it takes. */
    private <T> List<T> admitted(TrialParam<T> param, Map<TrialParam<?>, Object> chosen) {
        List<T> offered = valuesOf(param);
        TrialParam.Chosen before = TrialParam.chosen(chosen);
        List<T> admitted = offered.stream().filter(value -> param.admits(before, value)).toList();
        if (admitted.isEmpty() && param.neutralWhenNoneAdmitted() && param.admits(before, param.neutral())) {
            return java.util.Collections.singletonList(param.neutral());
        }
        return admitted;
    }

    @SuppressWarnings("unchecked")
    private <T> List<T> valuesOf(TrialParam<T> param) {
        return values.containsKey(param) ? (List<T>) values.get(param) : java.util.Collections.singletonList(param.neutral());
    }

    private Grid with(TrialParam<?> param, List<?> paramValues) {
        Map<TrialParam<?>, List<?>> changed = new LinkedHashMap<>(values);
        changed.put(param, paramValues);
        return new Grid(changed);
    }
}
