package dev.fanout.bench.cli;

import dev.fanout.bench.jmh.FetchNBenchmark;
import dev.fanout.bench.models.Model;
import dev.fanout.bench.workload.IdealTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

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
                values(jmh, "model", models, FanOutGrid::model),
                values(jmh, "n", ns, v -> positive("n", v)),
                values(jmh, "latencyMs", latenciesMs, v -> (long) nonNegative("latencyMs", v)),
                values(jmh, "k", poolSizes, v -> positive("k", v)),
                values(jmh, "cpuMicros", cpuMicros, v -> (long) nonNegative("cpuMicros", v)),
                values(jmh, "recording", recording, FanOutGrid::bool));
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

    private static <T> List<T> values(JmhArguments jmh, String param, List<T> profileValues, Function<String, T> parse) {
        Collection<String> given = jmh.param(param);
        return given == null ? profileValues : given.stream().map(String::trim).map(parse).toList();
    }

    private static Model model(String value) {
        try {
            return Model.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown model '" + value + "'; the models are "
                    + Arrays.stream(Model.values()).map(Model::name).collect(Collectors.joining(", ")));
        }
    }

    private static int positive(String param, String value) {
        int parsed = nonNegative(param, value);
        if (parsed < 1) {
            throw new IllegalArgumentException(param + " must be at least 1, got " + value);
        }
        return parsed;
    }

    private static int nonNegative(String param, String value) {
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(param + " must be a whole number >= 0, got '" + value + "'");
    }

    private static boolean bool(String value) {
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("recording must be true or false, got '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }
}
