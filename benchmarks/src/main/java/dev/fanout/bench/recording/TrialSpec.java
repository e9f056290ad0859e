package dev.fanout.bench.recording;

import dev.fanout.bench.suite.Params;
import dev.fanout.bench.suite.Setting;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What one trial is, as its fork found it: the setting, the JMH benchmark it ran in, and the facts only the
 * fork knows for sure (how many requests its workload really had in flight at once, what ran them, and so
 * the physical limit it is judged against). Each fork writes it into its record; the launcher turns it into
 * a row of summary.csv.
 *
 * @param jmhBenchmark JMH's name of the benchmark method
 * @param concurrency  requests that can be in flight at once (the k of the ideal time)
 * @param executor     what really ran the requests
 * @param idealMs      the least possible time of one op with its requests in flight as the workload allows, ms
 * @param cpuTaskMs    the cost of one of {@code cpu_io_mix}'s CPU tasks the ideal assumed, ms; 0 for the others
 */
public record TrialSpec(Setting setting, String jmhBenchmark, int concurrency, String executor, double idealMs,
                        double cpuTaskMs) {

    /** JMH's params of this trial in the one spelling the results use to join a row to its JMH result. */
    public String jmhParams() {
        return jmhParams(setting.params());
    }

    /**
     * A trial's JMH params with every param declared since its run was made added at its neutral value, so that a run
     * from before a param existed joins the same trial of a later run (compare matches on them). Params that are not a
     * trial's (another JMH benchmark's) come back as they are.
     */
    public static Map<String, String> withEveryParam(Map<String, String> params) {
        if (!params.containsKey(Params.WORKLOAD.name())) {
            return params;
        }
        Map<String, String> every = new TreeMap<>(params);
        try {
            Setting.fromParams(params).params().forEach(every::putIfAbsent);
        } catch (IllegalArgumentException notATrial) {
            return params;
        }
        return every;
    }

    /** The same for params spelled as in {@code jmh_params}. */
    public static String withEveryParam(String jmhParams) {
        if (jmhParams.isEmpty()) {
            return jmhParams;
        }
        return jmhParams(withEveryParam(params(jmhParams)));
    }

    /** The params {@code jmh_params} spells, by name: {@link #jmhParams(Map)} read back. */
    public static Map<String, String> params(String jmhParams) {
        Map<String, String> params = new TreeMap<>();
        for (String pair : jmhParams.split(";")) {
            int equals = pair.indexOf('=');
            params.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
        return params;
    }

    /** JMH's params sorted by name, as {@code name=value} joined by {@code ;}: summary.csv's {@code jmh_params}. */
    public static String jmhParams(Map<String, String> params) {
        return new TreeMap<>(params).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(";"));
    }
}
