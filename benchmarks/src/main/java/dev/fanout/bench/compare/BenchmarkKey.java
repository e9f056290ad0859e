package dev.fanout.bench.compare;

import dev.fanout.bench.recording.TrialSpec;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What makes two results "the same benchmark": JMH name, mode and every {@code @Param}. The mode is part of
 * the key because one method annotated with several modes yields several results with identical name and params.
 */
public record BenchmarkKey(String benchmark, String mode, SortedMap<String, String> params) {

    public BenchmarkKey {
        params = new TreeMap<>(params);
    }

    public static BenchmarkKey of(String benchmark, String mode, Map<String, String> params) {
        return new BenchmarkKey(benchmark, mode, new TreeMap<>(params));
    }

    /** The same spelling as summary.csv's {@code jmh_params}: sorted by name, {@code name=value} joined by ';'. */
    public String paramsText() {
        return TrialSpec.jmhParams(params);
    }

    public String methodName() {
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    /** A name that stays unique across a suite, for exports that key on one string. */
    public String qualifiedName() {
        String withParams = params.isEmpty() ? benchmark : benchmark + " [" + paramsText() + "]";
        return withParams + " (" + mode + ")";
    }
}
