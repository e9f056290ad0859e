package dev.fanout.bench.profiler;

import java.util.Map;
import java.util.Set;

/**
 * The CPU a benchmark's ops used between two moments, thread by thread, sorted into what the workload costs
 * and what it does not.
 *
 * <ul>
 *   <li>Left out: the thread that runs JMH's iteration (and this profiler's hooks), the profiler's own threads
 *       and JFR's, and the JVM's periodic housekeeping, whose CPU follows wall time, not work: counted in, they
 *       made an op that waits longer look costlier (65–110 ms of CPU a second, measured on a 10 s sequential
 *       op, was the benchmark's tear-down and the JIT, not the waiting).</li>
 *   <li>Apart: the JIT compiler threads, which by the measured iterations compile mostly the harness's own
 *       once-an-iteration code.</li>
 *   <li>Counted: every other thread, GC included (allocation is part of what a model costs), and the threads
 *       that started and ended between the two moments (a thread per request), whose CPU only the process
 *       counter still knows: what it counted beyond every thread still alive.</li>
 * </ul>
 *
 * @param workloadNanos the CPU the workload cost
 * @param jitNanos      the CPU the JIT compilers used meanwhile
 */
record CpuWindow(long workloadNanos, long jitNanos) {
    /** Names (as Linux cuts them) of threads whose CPU is not the workload's. */
    static final Set<String> NOT_THE_WORKLOADS = Set.of("fanout-footprin", "JFR Recorder Th", "JFR Periodic Ta",
            "Monitor Deflati", "G1 Service", "Service Thread", "VM Periodic Tas", "Attach Listener",
            "Signal Dispatch", "Notification Th", "Common-Cleaner", "Finalizer", "Reference Handl");

    /**
     * @param runnerThreadId the OS thread id of the thread that runs JMH's iteration and the profiler's hooks
     */
    static CpuWindow between(ThreadCpu begin, ThreadCpu end, String runnerThreadId) {
        long workload = 0;
        long jit = 0;
        long allAlive = 0;
        int born = 0;
        for (Map.Entry<String, ThreadCpu.Thread> thread : end.threads().entrySet()) {
            ThreadCpu.Thread before = begin.threads().get(thread.getKey());
            if (before == null) {
                born++;
            }
            long used = thread.getValue().nanos() - (before == null ? 0 : before.nanos());
            allAlive += used;
            String name = thread.getValue().name();
            if (thread.getKey().equals(runnerThreadId) || NOT_THE_WORKLOADS.contains(name)) {
                continue;
            }
            if (ThreadCpu.isCompiler(name)) {
                jit += used;
            } else {
                workload += used;
            }
        }
        boolean someEnded = !end.threads().keySet().containsAll(begin.threads().keySet())
                || end.threadsStarted() - begin.threadsStarted() > born;
        if (someEnded) {
            workload += Math.max(0, end.processNanos() - begin.processNanos() - allAlive);
        }
        return new CpuWindow(workload, jit);
    }
}
