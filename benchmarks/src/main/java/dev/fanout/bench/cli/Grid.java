package dev.fanout.bench.cli;

import dev.fanout.bench.clients.Client;
import dev.fanout.bench.scenarios.Arrangement;
import dev.fanout.bench.scenarios.CpuTask;
import dev.fanout.bench.suite.Params;
import dev.fanout.bench.suite.Setting;
import dev.fanout.bench.suite.Workload;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A family of trials a profile runs: every workload × client × pools × N × L, and each value of a param only
 * for the workloads that use it (k for {@code fixed_pool} and {@code semaphore}, the sleep for
 * {@code fire_and_forget}, CPU tasks and arrangements for {@code cpu_io_mix}); the others run once, with it
 * at its neutral value. Rates above 0 make each setting a step of a service-mode sweep, in rising order.
 */
record Grid(List<Workload> workloads, List<Client> clients, List<Integer> pools, List<Integer> ns,
            List<Long> latenciesMs, List<Integer> ks, List<Long> cpuMicros, List<Long> sleepsMs, List<Integer> cpuTasks,
            List<Long> cpuRanges, List<Arrangement> arrangements, List<Boolean> recording, List<Integer> rates,
            List<Boolean> poisson) {
    /** The closed loop's only rate. */
    private static final List<Integer> CLOSED_LOOP = List.of(0);

    /**
     * The concurrency models through each client at every N and L, with a pool of each k, and CPU work of each
     * length per response.
     */
    static Grid models(List<Workload> models, List<Client> clients, List<Integer> ns, List<Long> latenciesMs,
                       List<Integer> ks, List<Long> cpuMicros) {
        return new Grid(models, clients, List.of(1), ns, latenciesMs, ks, cpuMicros, List.of(0L), List.of(0),
                List.of(0L), List.of(), List.of(true), CLOSED_LOOP, List.of(false));
    }

    /**
     * Service mode's sweep of each model through each client at N, L = 100 ms: one step a rate, in rising order, with
     * even gaps between arrivals.
     */
    static Grid sweep(List<Workload> models, List<Client> clients, int n, List<Integer> rates) {
        return new Grid(models, clients, List.of(1), List.of(n), List.of(100L), List.of(0), List.of(0L), List.of(0L),
                List.of(0), List.of(0L), List.of(), List.of(true), rates.stream().sorted().toList(), List.of(false));
    }

    /** Workloads through each of several clients, spread over each number of pools, at L = 100 ms. */
    static Grid clients(List<Workload> workloads, List<Client> clients, List<Integer> pools, List<Integer> ns) {
        return new Grid(workloads, clients, pools, ns, List.of(100L), List.of(0), List.of(0L), List.of(0L), List.of(0),
                List.of(0L), List.of(), List.of(true), CLOSED_LOOP, List.of(false));
    }

    /**
     * The article's scenarios at a fan-out: L = 100 ms, a semaphore of 10, a sleep of 2 L, and CPU tasks that
     * outlast L so an arrangement that lets them hold up the I/O shows it.
     */
    static Grid scaledScenarios(List<Integer> ns, List<Arrangement> arrangements) {
        return new Grid(Workload.scenarios(), List.of(Client.okhttp), List.of(1), ns, List.of(100L), List.of(10),
                List.of(0L), List.of(200L), List.of(8), List.of(10 * CpuTask.ARTICLE_RANGE), arrangements,
                List.of(true), CLOSED_LOOP, List.of(false));
    }

    /** The article's own setting (3 requests, 2 permits, 3 I/O and 3 CPU tasks) at latency L with a given sleep. */
    static Grid article(long latencyMs, long sleepMs) {
        return new Grid(Workload.inArticle(), List.of(Client.okhttp), List.of(1), List.of(Setting.ARTICLE_N),
                List.of(latencyMs), List.of(Setting.ARTICLE_PERMITS), List.of(0L), List.of(sleepMs),
                List.of(Setting.ARTICLE_CPU_TASKS), List.of(CpuTask.ARTICLE_RANGE), List.of(Arrangement.values()),
                List.of(true), CLOSED_LOOP, List.of(false));
    }

    /** This grid with only {@code workload} of its workloads. */
    Grid only(Workload workload) {
        return new Grid(List.of(workload), clients, pools, ns, latenciesMs, ks, cpuMicros, sleepsMs, cpuTasks,
                cpuRanges, arrangements, recording, rates, poisson);
    }

    /**
     * This grid with the user's {@code -p} values in place of its own. {@code workload} is the exception: it picks
     * among this grid's workloads, so that {@code -p workload=lock} runs the lock at the setting the profile
     * gives the scenarios, not at every N the profile gives the models.
     */
    Grid overriddenBy(JmhArguments jmh) {
        Collection<String> named = jmh.param("workload");
        List<Workload> picked = named == null ? workloads
                : named.stream().map(v -> Params.named(Workload.class, "workload", v)).filter(workloads::contains).toList();
        return new Grid(picked,
                values(jmh, "client", clients, v -> Params.named(Client.class, "client", v)),
                values(jmh, "pools", pools, v -> (int) Params.wholeNumber("pools", v)),
                values(jmh, "n", ns, v -> (int) Params.wholeNumber("n", v)),
                values(jmh, "latencyMs", latenciesMs, v -> Params.wholeNumber("latencyMs", v)),
                values(jmh, "k", ks, v -> (int) Params.wholeNumber("k", v)),
                values(jmh, "cpuMicros", cpuMicros, v -> Params.wholeNumber("cpuMicros", v)),
                values(jmh, "sleepMs", sleepsMs, v -> Params.wholeNumber("sleepMs", v)),
                values(jmh, "cpuTasks", cpuTasks, v -> (int) Params.wholeNumber("cpuTasks", v)),
                values(jmh, "cpuRange", cpuRanges, v -> Params.wholeNumber("cpuRange", v)),
                values(jmh, "arrangement", arrangements, v -> Params.named(Arrangement.class, "arrangement", v)),
                values(jmh, "recording", recording, v -> Params.bool("recording", v)),
                values(jmh, "rate", rates, v -> (int) Params.wholeNumber("rate", v)).stream().sorted().toList(),
                values(jmh, "poisson", poisson, v -> Params.bool("poisson", v)));
    }

    /**
     * Every setting of this grid, in the order a run makes them: by L, then N, then workload, ..., then rate, so that
     * a sweep's steps follow each other in rising order. {@code poisson} applies to service mode only.
     */
    List<Setting> settings() {
        List<Setting> settings = new ArrayList<>();
        for (long latency : latenciesMs) {
            for (int n : ns) {
                for (Workload workload : workloads) {
                    for (Client client : clients) {
                        if (!workload.pairsWith(client)) {
                            continue;
                        }
                        for (int pool : pools) {
                            for (Variant v : variants(workload)) {
                                for (boolean record : recording) {
                                    for (boolean spread : poisson) {
                                        for (int rate : rates) {
                                            if (rate == 0 ? spread : !workload.servesArrivals()) {
                                                continue;
                                            }
                                            settings.add(new Setting(workload, client, pool, n, latency, v.k(),
                                                    v.cpuMicros(), v.sleepMs(), v.cpuTasks(), v.cpuRange(),
                                                    v.arrangement(), record, rate, spread));
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return settings;
    }

    /** The values of the params only some workloads use, one combination for one workload. */
    private record Variant(int k, long cpuMicros, long sleepMs, int cpuTasks, long cpuRange, Arrangement arrangement) {
    }

    /** Each combination of this grid's values of the params {@code workload} uses, the others at their neutral value. */
    private List<Variant> variants(Workload workload) {
        boolean mix = workload == Workload.cpu_io_mix;
        List<Variant> variants = new ArrayList<>();
        for (int k : workload.usesK() ? ks : List.of(0)) {
            for (long cpu : mix || workload == Workload.asyncio ? List.of(0L) : cpuMicros) {
                for (long sleep : workload == Workload.fire_and_forget ? sleepsMs : List.of(0L)) {
                    if (!mix) {
                        variants.add(new Variant(k, cpu, sleep, 0, 0, null));
                        continue;
                    }
                    for (int tasks : cpuTasks) {
                        for (long range : cpuRanges) {
                            for (Arrangement arrangement : arrangements) {
                                variants.add(new Variant(k, cpu, sleep, tasks, range, arrangement));
                            }
                        }
                    }
                }
            }
        }
        return variants;
    }

    private static <T> List<T> values(JmhArguments jmh, String param, List<T> own, Function<String, T> parse) {
        Collection<String> given = jmh.param(param);
        return given == null ? own : given.stream().map(parse).toList();
    }

    /** The params {@code -p} may set: every param of the benchmark. */
    static Set<String> params() {
        return Set.copyOf(Params.NAMES);
    }
}
