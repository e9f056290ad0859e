package dev.fanout.bench.cli;

import dev.fanout.bench.recording.SummaryRow;
import dev.fanout.bench.workload.ServerUsage;
import java.io.IOException;
import java.io.PrintStream;
import dev.fanout.bench.profiler.FootprintProfiler;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import java.util.regex.Pattern;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * A trial run by JMH's own Runner in its own fork, JMH's output going to jmh.log, and recorded with what the
 * server says of it: the row of summary.csv, and jmh.json, both rewritten after every trial.
 */
final class JmhTrialRunner implements RunLoop.TrialRunner {
    private final Plan plan;
    private final JmhArguments jmh;
    private final List<String> forkArguments;
    private final PrintStream jmhLog;
    private final RunLoop.Server server;
    private final RunWriter writer;
    private final RunLock lock;

    /**
     * @param forkArguments the JVM arguments every fork of the run gets
     * @param lock          JMH's lock, which the run holds and lends to JMH's Runner for each trial
     */
    JmhTrialRunner(Plan plan, JmhArguments jmh, List<String> forkArguments, PrintStream jmhLog, RunLoop.Server server,
                   RunWriter writer, RunLock lock) {
        this.plan = plan;
        this.jmh = jmh;
        this.forkArguments = forkArguments;
        this.jmhLog = jmhLog;
        this.server = server;
        this.writer = writer;
        this.lock = lock;
    }

    @Override
    public List<SummaryRow> run(Trial trial) throws RunLoop.Refused, IOException {
        Collection<RunResult> results;
        Runner runner = new Runner(options(trial),
                OutputFormatFactory.createFormatInstance(jmhLog, VerboseMode.NORMAL));
        try {
            results = lock.lend(runner::run);
        } catch (RunnerException e) {
            throw new RunLoop.Refused(e.getMessage(), e);
        }
        return writer.add(trial, results, server.stats().map(ServerUsage::of).orElse(ServerUsage.NONE));
    }

    /**
     * The options of one trial: the trial's own, the user's JMH options, and the fork's JVM arguments (the run's,
     * then the trial's own system properties, then the user's {@code -jvmArgsAppend}).
     */
    private Options options(Trial trial) {
        IterationPlan it = trial.iterations();
        ChainedOptionsBuilder builder = new OptionsBuilder()
                .parent(jmh.options())
                .include("^" + Pattern.quote(trial.benchmark()) + "$")
                .forks(it.forks())
                .warmupIterations(it.warmupIterations())
                .warmupTime(toTimeValue(it.warmupTime()))
                .measurementIterations(it.measurementIterations())
                .measurementTime(toTimeValue(it.measurementTime()))
                .shouldFailOnError(false)
                .verbosity(jmh.options().verbosity().orElse(VerboseMode.NORMAL));
        trial.setting().params().forEach(builder::param);
        if (plan.footprint()) {
            builder.addProfiler(FootprintProfiler.class, plan.countsPinning(trial) ? "" : "pinning=false");
        }
        List<String> jvmArgs = new ArrayList<>(forkArguments);
        jvmArgs.addAll(trial.forkProperties());
        jvmArgs.addAll(jmh.options().getJvmArgsAppend().orElse(List.of()));
        builder.jvmArgsAppend(jvmArgs.toArray(String[]::new));
        return builder.build();
    }

    private static TimeValue toTimeValue(java.time.Duration duration) {
        return TimeValue.milliseconds(duration.toMillis());
    }
}
