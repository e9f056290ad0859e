package dev.fanout.bench.cli;

import dev.fanout.bench.recording.SummaryRow;
import dev.fanout.bench.workload.ServerUsage;
import java.io.IOException;
import java.io.PrintStream;
import dev.fanout.bench.profiler.FootprintProfiler;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.runner.WorkloadParams;
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
 * A trial run by JMH's own Runner in its own forks, JMH's output going to jmh.log, and recorded with what the
 * server says of it: the row of summary.csv, and jmh.json, both rewritten after every trial. A trial whose forks run in
 * several turns (an interleaved run) keeps each turn's results until its last, then records them as one.
 */
final class JmhTrialRunner implements RunLoop.TrialRunner {
    private final Plan plan;
    private final JmhArguments jmh;
    private final List<String> forkArguments;
    private final PrintStream jmhLog;
    private final RunLoop.Server server;
    private final RunWriter writer;
    private final RunLock lock;
    /** The results of the turns run so far of each trial not yet recorded. */
    private final Map<Trial, List<RunResult>> earlierTurns = new HashMap<>();
    /** What the server said of them, added up. */
    private final Map<Trial, ServerUsage> earlierUsage = new HashMap<>();

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
    public List<SummaryRow> run(Turn turn) throws RunLoop.Refused, IOException {
        Trial trial = turn.trial();
        Collection<RunResult> results;
        Runner runner = new Runner(options(trial, turn.forks()),
                OutputFormatFactory.createFormatInstance(jmhLog, VerboseMode.NORMAL));
        try {
            results = lock.lend(runner::run);
        } catch (RunnerException e) {
            throw new RunLoop.Refused(e.getMessage(), e);
        }
        ServerUsage usage = server.stats().map(ServerUsage::of).orElse(ServerUsage.NONE);
        earlierTurns.computeIfAbsent(trial, t -> new ArrayList<>()).addAll(results);
        earlierUsage.merge(trial, usage, ServerUsage::plus);
        if (!turn.last()) {
            return List.of();
        }
        List<RunResult> turns = earlierTurns.remove(trial);
        return writer.add(trial, turns.isEmpty() ? List.of() : List.of(joined(turns)), earlierUsage.remove(trial));
    }

    /**
     * The results of one trial's turns as JMH would have given them for its forks run back to back: every fork's
     * result, under the params of the first turn with the forks they add up to.
     */
    static RunResult joined(List<RunResult> turns) {
        if (turns.size() == 1) {
            return turns.get(0);
        }
        List<BenchmarkResult> forks = turns.stream().flatMap(turn -> turn.getBenchmarkResults().stream()).toList();
        BenchmarkParams first = turns.get(0).getParams();
        WorkloadParams params = new WorkloadParams();
        int order = 0;
        for (String key : first.getParamsKeys()) {
            params.put(key, first.getParam(key), order++);
        }
        BenchmarkParams all = new BenchmarkParams(first.getBenchmark(), first.generatedBenchmark(),
                first.shouldSynchIterations(), first.getThreads(), first.getThreadGroups(),
                first.getThreadGroupLabels(), forks.size(), first.getWarmupForks(), first.getWarmup(),
                first.getMeasurement(), first.getMode(), params, first.getTimeUnit(), first.getOpsPerInvocation(),
                first.getJvm(), first.getJvmArgs(), first.getJdkVersion(), first.getVmName(), first.getVmVersion(),
                first.getJmhVersion(), first.getTimeout());
        return new RunResult(all, forks);
    }

    /**
     * The options of one turn of a trial: the trial's own, the user's JMH options, and the fork's JVM arguments (the
     * run's, then the trial's own system properties, then the user's {@code -jvmArgsAppend}).
     */
    private Options options(Trial trial, int forks) {
        IterationPlan it = trial.iterations();
        ChainedOptionsBuilder builder = new OptionsBuilder()
                .parent(jmh.options())
                .include("^" + Pattern.quote(trial.benchmark()) + "$")
                .forks(forks)
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
