package dev.fanout.bench.cli;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The JMH options a user passed after ours, parsed by JMH's own parser, and how they change a plan: a
 * benchmark regex selects trials, {@code -p} replaces a param's values, {@code -f}, {@code -i}, {@code -wi},
 * {@code -r}, {@code -w} replace the profile's iterations, and the rest ({@code -prof}, {@code -jvmArgs}, ...)
 * passes to JMH unchanged.
 */
final class JmhArguments {
    private final List<String> args;
    private final CommandLineOptions options;

    private JmhArguments(List<String> args, CommandLineOptions options) {
        this.args = List.copyOf(args);
        this.options = options;
    }

    static JmhArguments parse(List<String> args) throws CommandLineOptionException {
        return new JmhArguments(args, new CommandLineOptions(args.toArray(String[]::new)));
    }

    /** Whether the user asked JMH for help or a listing ({@code -h}, {@code -l}, {@code -lprof}, ...) rather than a run. */
    boolean wantsJmhInformation() {
        return options.shouldHelp() || options.shouldList() || options.shouldListProfilers()
                || options.shouldListResultFormats() || options.shouldListWithParams();
    }

    /** Lets JMH itself answer {@code -h}, {@code -l}, {@code -lprof}, .... */
    void showJmhInformation() throws Exception {
        org.openjdk.jmh.Main.main(args.toArray(String[]::new));
    }

    /** The names the user gave to {@code -p}, in the order given. */
    Set<String> paramNames() {
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i + 1 < args.size(); i++) {
            if (args.get(i).equals("-p")) {
                names.add(args.get(i + 1).split("=", 2)[0]);
            }
        }
        return names;
    }

    /** The user's values of {@code param}, or null when the user gave none. */
    Collection<String> param(String name) {
        return options.getParameter(name).orElse(null);
    }

    /** The user's values of {@code param}, empty when the user gave none. */
    Collection<String> paramValues(String name) {
        return options.getParameter(name).orElse(List.of());
    }

    boolean selects(String benchmark) {
        boolean included = options.getIncludes().isEmpty()
                || options.getIncludes().stream().anyMatch(regex -> Pattern.compile(regex).matcher(benchmark).find());
        boolean excluded = options.getExcludes().stream().anyMatch(regex -> Pattern.compile(regex).matcher(benchmark).find());
        return included && !excluded;
    }

    IterationPlan override(IterationPlan plan) {
        return new IterationPlan(
                options.getForkCount().orElse(plan.forks()),
                options.getWarmupIterations().orElse(plan.warmupIterations()),
                options.getWarmupTime().hasValue() ? toDuration(options.getWarmupTime().get()) : plan.warmupTime(),
                options.getMeasurementIterations().orElse(plan.measurementIterations()),
                options.getMeasurementTime().hasValue() ? toDuration(options.getMeasurementTime().get()) : plan.measurementTime());
    }

    /** The user's JMH options, as JMH parsed them: the parent of each trial's own. */
    Options options() {
        return options;
    }

    private static java.time.Duration toDuration(TimeValue value) {
        return java.time.Duration.ofNanos(value.convertTo(TimeUnit.NANOSECONDS));
    }

}
