package dev.fanout.bench.cli;

import dev.fanout.bench.jmh.ForkEnvironment;
import dev.fanout.bench.profiler.FootprintProfiler;
import dev.fanout.bench.recording.CannotWriteException;
import dev.fanout.bench.recording.ResultsLayout;
import dev.fanout.bench.recording.SummaryRow;
import dev.fanout.bench.workload.ServerUsage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.WorkloadParams;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * A trial run by JMH's own Runner in its own forks, JMH's output going to jmh.log, and recorded with what the
 * server says of it: the row of summary.csv, and jmh.json, both rewritten after every trial. A trial whose forks run in
 * several turns (an interleaved run) keeps each turn's results until its last, then records them as one.
 *
 * <p>A large trial ({@link Plan#trains}) first runs a training fork, not measured and recording nothing, with
 * {@code -XX:AOTCacheOutput}: at its exit the JVM writes an AOT cache of the classes it loaded and the profiles its
 * methods gathered, and the trial's measured forks start from it ({@code -XX:AOTCache}). Their compilers then compile
 * the hot paths during the fork's warm-up, from the training's profiles, instead of during the measured ops, where a
 * large trial's short warm-up left them at work (docs/spread.md). The cache is the trial's own, so each trial is
 * compiled from its own code's profile; the measured forks must start from it ({@code -XX:AOTMode=on}: a JVM that
 * cannot use it exits) and say so in their details ({@code aot_cache}). A training fork that left no cache leaves its
 * trial's forks to start without one, which jmh.log says and their details show. The cache is removed with the
 * trial's last fork.
 */
final class JmhTrialRunner implements RunLoop.TrialRunner {
    private final Plan plan;
    private final JmhArguments jmh;
    private final List<String> forkArguments;
    private final Path resultsDir;
    private final PrintStream jmhLog;
    private final RunLoop.Server server;
    private final RunWriter writer;
    private final RunLock lock;
    /** What the turns run so far of each trial not yet recorded gave. */
    private final Map<Trial, Staged> staged = new HashMap<>();

    /** A trial's turns so far: JMH's results, and what the server said of them, added up. */
    private record Staged(List<RunResult> results, ServerUsage usage) {
        Staged plus(Staged later) {
            List<RunResult> all = new ArrayList<>(results);
            all.addAll(later.results);
            return new Staged(all, usage.plus(later.usage));
        }
    }

    /**
     * @param forkArguments the JVM arguments every fork of the run gets, training forks included
     * @param resultsDir    where the measured forks record, and where (in its temporary folder) the AOT caches are kept
     * @param lock          JMH's lock, which the run holds and lends to JMH's Runner for each trial
     */
    JmhTrialRunner(Plan plan, JmhArguments jmh, List<String> forkArguments, Path resultsDir, PrintStream jmhLog,
                   RunLoop.Server server, RunWriter writer, RunLock lock) {
        this.plan = plan;
        this.jmh = jmh;
        this.forkArguments = forkArguments;
        this.resultsDir = resultsDir;
        this.jmhLog = jmhLog;
        this.server = server;
        this.writer = writer;
        this.lock = lock;
    }

    @Override
    public List<SummaryRow> run(Turn turn) throws RunLoop.Refused, IOException {
        // The forks' temporary files (JFR's repository, where the footprint profiler streams from, and the AOT
        // caches) stay in the run's folder, which the run removes: a fork that ends abruptly would otherwise leave
        // them in /tmp. Made here, by the trial that needs it, so that an interruption finds it made or never made.
        Path forkTemp = ResultsLayout.forkTemp(resultsDir);
        try {
            Files.createDirectories(forkTemp);
        } catch (IOException e) {
            throw new CannotWriteException(forkTemp, e);
        }
        Trial trial = turn.trial();
        Path cache = aotCache(trial);
        if (turn.firstFork() == 1 && plan.trains(trial)) {
            jmhLog.println("# Training fork of " + trial.label() + ": not measured; its compilers' profiles go to "
                    + cache);
            run(options(trial, Launch.TRAINING, IterationPlan.TRAINING.forks()));
            if (!Files.exists(cache)) {
                jmhLog.println("# The training fork of " + trial.label() + " left no AOT cache: its forks start without");
            }
            server.resetStats(); // what the server counts for the trial leaves the training out
        }
        Launch launch = Files.exists(cache) ? Launch.FROM_CACHE : Launch.MEASURED;
        Collection<RunResult> results = run(options(trial, launch, turn.forks()));
        ServerUsage usage = server.stats().map(ServerUsage::of).orElse(ServerUsage.NONE);
        staged.merge(trial, new Staged(List.copyOf(results), usage), Staged::plus);
        if (!turn.last()) {
            return List.of();
        }
        Files.deleteIfExists(cache); // about 50 MB a trial, in the folder whose space the run watches
        Staged turns = staged.remove(trial);
        return writer.add(trial, turns.results().isEmpty() ? List.of() : List.of(joined(turns.results())), turns.usage());
    }

    private Collection<RunResult> run(Options options) throws RunLoop.Refused, IOException {
        Runner runner = new Runner(options, OutputFormatFactory.createFormatInstance(jmhLog, VerboseMode.NORMAL));
        try {
            return lock.lend(runner::run);
        } catch (RunnerException e) {
            throw new RunLoop.Refused(e.getMessage(), e);
        }
    }

    /** Where the AOT cache of {@code trial}'s training fork goes: the run's temporary folder, which the run removes. */
    Path aotCache(Trial trial) {
        return ResultsLayout.forkTemp(resultsDir).resolve(trial.setting().benchmark() + "-" + trial.setting().stem() + ".aot");
    }

    /** What one launch of JMH runs of a trial. */
    enum Launch {
        /**
         * The training fork: the fixture's warm-up and one op ({@link IterationPlan#TRAINING}), recording nothing, no
         * profiler of the launcher's, writing the trial's AOT cache at its exit.
         */
        TRAINING,
        /** Measured forks that start from the trial's AOT cache, and only from it: a JVM that cannot use it exits. */
        FROM_CACHE,
        /** Measured forks that start as any JVM does. */
        MEASURED
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
     * The options of one launch of a trial: the trial's own, the user's JMH options, and the fork's JVM arguments (the
     * run's, the results folder unless training, then the trial's own system properties, the user's {@code
     * -jvmArgsAppend}, and the AOT cache's). A training fork runs the fixture's warm-up and one op, and not the
     * footprint profiler; a profiler the user asked for with {@code -prof} runs in it too (JMH's options inherit their
     * parent's profilers and offer no way to drop one), its figures for the training fork printed in jmh.log only.
     */
    Options options(Trial trial, Launch launch, int forks) {
        boolean training = launch == Launch.TRAINING;
        IterationPlan it = training ? IterationPlan.TRAINING : trial.iterations();
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
        if (plan.footprint() && !training) {
            builder.addProfiler(FootprintProfiler.class, plan.countsPinning(trial) ? "" : "pinning=false");
        }
        List<String> jvmArgs = new ArrayList<>(forkArguments);
        if (!training) {
            jvmArgs.add("-D" + ResultsLayout.RESULTS_DIR_PROPERTY + "=" + resultsDir);
        }
        jvmArgs.addAll(trial.forkProperties());
        jvmArgs.addAll(jmh.options().getJvmArgsAppend().orElse(List.of()));
        if (training) {
            jvmArgs.add("-XX:AOTCacheOutput=" + aotCache(trial));
        } else if (launch == Launch.FROM_CACHE) {
            jvmArgs.addAll(List.of("-XX:AOTMode=on", ForkEnvironment.AOT_CACHE_OPTION + aotCache(trial)));
        }
        builder.jvmArgsAppend(jvmArgs.toArray(String[]::new));
        return builder.build();
    }

    private static TimeValue toTimeValue(java.time.Duration duration) {
        return TimeValue.milliseconds(duration.toMillis());
    }
}
