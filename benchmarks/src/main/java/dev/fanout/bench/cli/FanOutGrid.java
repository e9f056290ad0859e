package dev.fanout.bench.cli;

import static dev.fanout.bench.cli.ParamValues.atLeast;
import static dev.fanout.bench.cli.ParamValues.bool;
import static dev.fanout.bench.cli.ParamValues.named;
import static dev.fanout.bench.cli.ParamValues.values;

import dev.fanout.bench.jmh.FetchNBenchmark;
import dev.fanout.bench.models.Model;
import dev.fanout.bench.workload.IdealTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fetch-N trials of a profile: every model × N × L × CPU work, with every pool size k for
 * {@code fixed_pool} only (k means nothing to the others, so they run once, with k = 0).
 */
record FanOutGrid(List<Model> models, List<Integer> ns, List<Long> latenciesMs, List<Integer> poolSizes,
                  List<Long> cpuMicros, List<Boolean> recording) implements TrialGrid {
    static final String BENCHMARK = FetchNBenchmark.class.getName() + ".fetchN";
    /** The params of {@link FetchNBenchmark}, which {@code -p} may set. */
    private static final Set<String> PARAMS = Set.of("model", "n", "latencyMs", "k", "cpuMicros", "recording");

    FanOutGrid(List<Model> models, List<Integer> ns, List<Long> latenciesMs, List<Integer> poolSizes,
               List<Long> cpuMicros) {
        this(models, ns, latenciesMs, poolSizes, cpuMicros, List.of(true));
    }

    @Override
    public Set<String> params() {
        return PARAMS;
    }

    @Override
    public FanOutGrid overriddenBy(JmhArguments jmh) {
        return new FanOutGrid(
                values(jmh, "model", models, v -> named(Model.class, "model", v)),
                values(jmh, "n", ns, v -> (int) atLeast("n", v, 1)),
                values(jmh, "latencyMs", latenciesMs, v -> atLeast("latencyMs", v, 0)),
                values(jmh, "k", poolSizes, v -> (int) atLeast("k", v, 1)),
                values(jmh, "cpuMicros", cpuMicros, v -> atLeast("cpuMicros", v, 0)),
                values(jmh, "recording", recording, v -> bool("recording", v)));
    }

    @Override
    public void addTo(Plan.Builder plan, IterationPlan iterations, int cores) {
        for (long latency : latenciesMs) {
            for (int n : ns) {
                for (Model model : models) {
                    for (int k : model.usesPoolSize() ? poolSizes : List.of(0)) {
                        for (long cpu : cpuMicros) {
                            double ideal = IdealTime.millis(n, latency, model.concurrency(n, k), cpu, cores);
                            for (boolean record : recording) {
                                Map<String, String> params = new LinkedHashMap<>();
                                params.put("model", model.name());
                                params.put("n", Integer.toString(n));
                                params.put("latencyMs", Long.toString(latency));
                                params.put("k", Integer.toString(k));
                                params.put("cpuMicros", Long.toString(cpu));
                                params.put("recording", Boolean.toString(record));
                                plan.add(new Trial(BENCHMARK, params, ideal, iterations.forOpsOf(ideal)));
                            }
                        }
                    }
                }
            }
        }
    }
}
