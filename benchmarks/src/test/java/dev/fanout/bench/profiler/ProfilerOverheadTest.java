package dev.fanout.bench.profiler;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Measures the profiler's cost: {@link ProfilerOverhead} and {@link TinyFanOut}'s unpinned fan-outs with and
 * without it, in alternating rounds so that drift in the machine's load hits both alike. It reports and
 * asserts nothing about time (the machine is shared): run it on a quiet machine with
 * {@code mvn -pl benchmarks -am verify -Dfanout.profiler.overhead=true -Dtest=ProfilerOverheadTest
 * -Dsurefire.failIfNoSpecifiedTests=false} and read
 * the table it prints.
 */
@EnabledIfSystemProperty(named = "fanout.profiler.overhead", matches = "true")
class ProfilerOverheadTest {
    private static final int ROUNDS = 2;

    @Test
    void printsTheProfilersCostPerOp() throws RunnerException {
        System.setProperty("jmh.ignoreLock", "true");
        Map<String, List<Result>> without = new TreeMap<>();
        Map<String, List<Result>> with = new TreeMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            collect(new Runner(options(false)).run(), without);
            collect(new Runner(options(true)).run(), with);
        }
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "%n%-45s %22s %22s %9s%n", "benchmark", "without profiler", "with profiler", "ratio"));
        for (String benchmark : without.keySet()) {
            double plain = mean(without.get(benchmark));
            double profiled = mean(with.get(benchmark));
            table.append(String.format(Locale.ROOT, "%-45s %13.3f ± %6.3f %13.3f ± %6.3f %9.4f %s%n",
                    benchmark, plain, spread(without.get(benchmark)), profiled, spread(with.get(benchmark)),
                    profiled / plain, without.get(benchmark).get(0).getScoreUnit()));
        }
        System.out.println(table);
    }

    private static org.openjdk.jmh.runner.options.Options options(boolean profiled) {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(ProfilerOverhead.class.getName().replace(".", "\\.") + "\\.")
                .include(TinyFanOut.class.getName().replace(".", "\\.") + "\\.(platformThreadPerTask|virtualThreadPerTask)$")
                .forks(2)
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(5)
                .measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend("-Xmx512m")
                .shouldFailOnError(true);
        if (profiled) {
            options.addProfiler(FootprintProfiler.class);
        }
        return options.build();
    }

    private static void collect(Collection<RunResult> runs, Map<String, List<Result>> into) {
        for (RunResult run : runs) {
            String benchmark = run.getParams().getBenchmark();
            into.computeIfAbsent(benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1),
                    name -> new ArrayList<>()).add(run.getPrimaryResult());
        }
    }

    private static double mean(List<Result> results) {
        return results.stream().mapToDouble(Result::getScore).average().orElse(Double.NaN);
    }

    /** Half the range of the rounds' scores: how far apart repeated runs of the same configuration landed. */
    private static double spread(List<Result> results) {
        double max = results.stream().mapToDouble(Result::getScore).max().orElse(Double.NaN);
        double min = results.stream().mapToDouble(Result::getScore).min().orElse(Double.NaN);
        return (max - min) / 2;
    }
}
