package dev.fanout.bench.profiler;

import dev.fanout.bench.recording.ResultsLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.profile.ProfilerException;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.IterationResultMetaData;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;
import org.openjdk.jmh.runner.IterationType;

/**
 * What a benchmark costs besides time: platform threads, resident memory, heap, allocation and CPU per op,
 * and virtual-thread pinning, measured in the benchmark's fork over each measurement iteration.
 *
 * <p>Use as {@code -prof dev.fanout.bench.profiler.FootprintProfiler}, with options after a colon, e.g.
 * {@code -prof dev.fanout.bench.profiler.FootprintProfiler:vthreads=false;rss=sample}. See docs/profiler.md
 * for how each metric is measured and aggregated.
 *
 * <p>Warmup iterations are instrumented exactly like measurement ones but report nothing. The JFR stream that
 * counts pinning starts with the first iteration, before the benchmark's own warm-up, and runs to the end of the
 * last: its start-up and the JIT's work on its code happen once, before anything is measured.
 */
public final class FootprintProfiler implements InternalProfiler {
    public static final String THREADS_PEAK = "threads.peak";
    public static final String VTHREADS_STARTED = "vthreads.started";
    public static final String RSS_PEAK_MB = "rss.peak.mb";
    public static final String HEAP_COMMITTED_MB = "heap.committed.mb";
    public static final String NONHEAP_COMMITTED_MB = "nonheap.committed.mb";
    public static final String ALLOC_BYTES_PER_OP = "alloc.bytes.per.op";
    public static final String CPU_MS_PER_OP = "cpu.ms.per.op";
    public static final String JIT_CPU_MS_PER_OP = "cpu.jit.ms.per.op";
    public static final String PINNED_EVENTS = "pinned.events";

    private static final double MB = 1024.0 * 1024.0;

    private final boolean countPinned;
    private final boolean countVirtualThreads;
    private final boolean resetPeakRss;
    private final Duration rssSamplePeriod;

    private final com.sun.management.ThreadMXBean threads;
    private final com.sun.management.OperatingSystemMXBean os;
    private final MemoryMXBean memory;
    private final boolean allocationCounted;

    private final PinningReport pinningReport = new PinningReport();
    private ResidentMemory.Method rssMethod;
    private int measurementIterationsDone;

    /** The fork's one JFR stream, from the first iteration to the end of the last; null when nothing is counted. */
    private VirtualThreadEvents events;
    /** The measured part of every measurement iteration so far, where the stream's events count. */
    private final List<VirtualThreadEvents.Window> measuredWindows = new ArrayList<>();
    private ResidentMemory.Window rss;
    private Usage before;
    /** The thread that runs JMH's iteration and these hooks, as the JVM and as Linux know it. */
    private long runnerThread;
    private String runnerOsThread;

    public FootprintProfiler() throws ProfilerException {
        this("");
    }

    public FootprintProfiler(String initLine) throws ProfilerException {
        Map<String, String> options = parseOptions(initLine);
        countPinned = booleanOption(options, "pinning", true);
        countVirtualThreads = booleanOption(options, "vthreads", false);
        String rssOption = options.containsKey("rss") ? options.remove("rss") : "auto";
        if (!rssOption.equals("auto") && !rssOption.equals("sample")) {
            throw new ProfilerException("rss must be auto or sample, not " + rssOption + "\n" + usage());
        }
        resetPeakRss = rssOption.equals("auto");
        rssSamplePeriod = Duration.ofMillis(positiveIntOption(options, "rssPeriodMs", 10));
        if (!options.isEmpty()) {
            throw new ProfilerException("unknown option(s) " + options.keySet() + "\n" + usage());
        }
        threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        memory = ManagementFactory.getMemoryMXBean();
        allocationCounted = threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled();
    }

    @Override
    public String getDescription() {
        return "Peak platform threads, virtual threads started, peak RSS, committed heap and non-heap, "
                + "allocation and CPU per op, and virtual-thread pinning (JFR), per iteration";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        if (rssMethod == null) {
            rssMethod = ResidentMemory.choose(resetPeakRss);
            events = countPinned || countVirtualThreads ? VirtualThreadEvents.open(countPinned, countVirtualThreads)
                    : null;
        }
        // Our threads start first and the baselines are taken last, so our own start-up cost stays out.
        rss = ResidentMemory.open(rssMethod, rssSamplePeriod);
        threads.resetPeakThreadCount();
        runnerThread = Thread.currentThread().threadId();
        runnerOsThread = ThreadCpu.currentThreadId();
        before = resourcesUsed(MeasuredWindow.Edge.BEGIN);
        MeasuredWindow.watch(this::resourcesUsed);
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                      IterationResult result) {
        Usage after = resourcesUsed(MeasuredWindow.Edge.END);
        Usage[] marked = MeasuredWindow.stop();
        Usage from = marked != null ? marked[0] : before;
        Usage to = marked != null ? marked[1] : after;
        int peakThreads = threads.getPeakThreadCount();
        long peakRssKb = rss.peakKb();
        long heapCommitted = memory.getHeapMemoryUsage().getCommitted();
        long nonHeapCommitted = memory.getNonHeapMemoryUsage().getCommitted();
        rss.close();

        if (iterationParams.getType() != IterationType.MEASUREMENT) {
            return List.of();
        }
        measuredWindows.add(new VirtualThreadEvents.Window(from.at(), to.at()));
        boolean last = ++measurementIterationsDone == iterationParams.getCount();
        // The events of every measured window are known only once the stream has stopped: the last iteration
        // reports them all, and JMH's sum over the iterations is the total.
        VirtualThreadEvents.Counts counts = last && events != null ? events.close(measuredWindows) : null;
        long ops = measuredOps(result);
        List<Result> results = new ArrayList<>();
        results.add(new ScalarResult(THREADS_PEAK, peakThreads, "threads", AggregationPolicy.MAX));
        results.add(new ScalarResult(RSS_PEAK_MB, peakRssKb < 0 ? Double.NaN : peakRssKb / 1024.0,
                rssMethod.unit(), AggregationPolicy.MAX));
        results.add(new ScalarResult(HEAP_COMMITTED_MB, heapCommitted / MB, "MB", AggregationPolicy.MAX));
        results.add(new ScalarResult(NONHEAP_COMMITTED_MB, nonHeapCommitted / MB, "MB", AggregationPolicy.MAX));
        results.add(new ScalarResult(ALLOC_BYTES_PER_OP,
                allocationCounted ? perOp(to.allocatedBytes() - from.allocatedBytes(), ops) : Double.NaN,
                "B/op", AggregationPolicy.AVG));
        if (ThreadCpu.available()) {
            CpuWindow cpu = CpuWindow.between(from.threadCpu(), to.threadCpu(), runnerOsThread);
            results.add(new ScalarResult(CPU_MS_PER_OP, perOp(cpu.workloadNanos(), ops) / 1e6, "ms/op",
                    AggregationPolicy.AVG));
            results.add(new ScalarResult(JIT_CPU_MS_PER_OP, perOp(cpu.jitNanos(), ops) / 1e6, "ms/op",
                    AggregationPolicy.AVG));
        } else {
            results.add(new ScalarResult(CPU_MS_PER_OP, perOp(to.processCpuNanos() - from.processCpuNanos(), ops) / 1e6,
                    "ms/op", AggregationPolicy.AVG));
        }
        if (counts != null && countVirtualThreads) {
            results.add(new ScalarResult(VTHREADS_STARTED, counts.started(), "threads", AggregationPolicy.SUM));
        }
        if (counts != null && countPinned) {
            results.add(new ScalarResult(PINNED_EVENTS, counts.pinned(), "events", AggregationPolicy.SUM));
            pinningReport.add(counts);
        }
        if (last) {
            events = null;
            writePinningReport(benchmarkParams);
        }
        return results;
    }

    private void writePinningReport(BenchmarkParams benchmarkParams) {
        Path dir = ResultsLayout.fromSystemProperty();
        if (dir == null || pinningReport.events() == 0) {
            return;
        }
        try {
            pinningReport.write(dir, benchmarkParams);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the pinned stacks: " + e.getMessage(), e);
        }
    }

    private static long measuredOps(IterationResult result) {
        IterationResultMetaData metadata = result.getMetadata();
        // All ops, not only the timed ones: the counters cover the whole iteration, as JMH's gc profiler's do.
        return metadata == null ? 0 : metadata.getAllOps();
    }

    private static double perOp(long amount, long ops) {
        return ops > 0 ? (double) amount / ops : Double.NaN;
    }

    /**
     * What the process used so far: every thread's CPU where the system tells it ({@link ThreadCpu}), else the
     * process's CPU less the runner's and the profiler's own threads'; and the bytes allocated by all threads
     * (those that ended too) less the runner's and the profiler's own threads'. Read from the runner's hooks and
     * from the benchmark thread's marks alike, so the runner is named, not taken to be the caller. The allocation
     * is read on the ops' side of the thread scan, as the caller's CPU is ({@link ThreadCpu#now}): the scan
     * allocates too.
     */
    Usage resourcesUsed(MeasuredWindow.Edge edge) {
        long allocatedAtEnd = edge == MeasuredWindow.Edge.END ? allocatedByTheWorkload() : 0;
        ThreadCpu threadCpu = ThreadCpu.available()
                ? ThreadCpu.now(edge, os::getProcessCpuTime, threads::getTotalStartedThreadCount) : null;
        long allocated = edge == MeasuredWindow.Edge.END ? allocatedAtEnd : allocatedByTheWorkload();
        long cpu = os.getProcessCpuTime();
        for (long notTheWorkloads : notTheWorkloadsThreads()) {
            cpu -= Math.max(0, threads.getThreadCpuTime(notTheWorkloads));
        }
        return new Usage(Instant.now(), threadCpu, cpu, allocated);
    }

    private long allocatedByTheWorkload() {
        if (!allocationCounted) {
            return 0;
        }
        long allocated = threads.getTotalThreadAllocatedBytes();
        for (long notTheWorkloads : notTheWorkloadsThreads()) {
            allocated -= Math.max(0, threads.getThreadAllocatedBytes(notTheWorkloads));
        }
        return allocated;
    }

    /** The JVM ids of the runner's and the profiler's own threads. */
    private long[] notTheWorkloadsThreads() {
        return LongStream.of(runnerThread, events != null ? events.dispatcherThreadId() : -1,
                rss.samplerThreadId()).filter(id -> id >= 0).toArray();
    }

    /**
     * @param at              when it was read
     * @param threadCpu       every thread's CPU, or null where the system does not tell it
     * @param processCpuNanos the process's CPU less that of the threads that are not the workload's, for systems
     *                        without {@code threadCpu}
     */
    record Usage(Instant at, ThreadCpu threadCpu, long processCpuNanos, long allocatedBytes) {
    }

    private static Map<String, String> parseOptions(String initLine) throws ProfilerException {
        Map<String, String> options = new TreeMap<>();
        if (initLine == null || initLine.isBlank()) {
            return options;
        }
        for (String option : initLine.split("[;,]")) {
            if (option.isBlank()) {
                continue;
            }
            int eq = option.indexOf('=');
            if (eq <= 0) {
                throw new ProfilerException("expected key=value, got \"" + option + "\"\n" + usage());
            }
            options.put(option.substring(0, eq).trim(), option.substring(eq + 1).trim().toLowerCase(Locale.ROOT));
        }
        return options;
    }

    private static boolean booleanOption(Map<String, String> options, String key, boolean otherwise)
            throws ProfilerException {
        String value = options.remove(key);
        if (value == null) {
            return otherwise;
        }
        if (!value.equals("true") && !value.equals("false")) {
            throw new ProfilerException(key + " must be true or false, not " + value + "\n" + usage());
        }
        return Boolean.parseBoolean(value);
    }

    private static int positiveIntOption(Map<String, String> options, String key, int otherwise)
            throws ProfilerException {
        String value = options.remove(key);
        if (value == null) {
            return otherwise;
        }
        if (!value.matches("[1-9][0-9]{0,8}")) {
            throw new ProfilerException(key + " must be a positive integer, not " + value + "\n" + usage());
        }
        return Integer.parseInt(value);
    }

    private static String usage() {
        return """
                Options of FootprintProfiler, as key=value separated by ';':
                  pinning=true|false    count jdk.VirtualThreadPinned events (JFR) as pinned.events (default true)
                  vthreads=true|false   count jdk.VirtualThreadStart events (JFR) as vthreads.started (default false)
                  rss=auto|sample       auto resets VmHWM per iteration where Linux allows and samples VmRSS
                                        elsewhere; sample always samples (default auto)
                  rssPeriodMs=N         VmRSS sampling period in ms (default 10)""";
    }
}
