package dev.fanout.bench.scenarios;

import dev.fanout.bench.workload.CheckedFetcher;
import dev.fanout.bench.workload.FanOut;
import dev.fanout.bench.workload.Outcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import dev.fanout.bench.workload.RequestObserver;

/**
 * test9: blocking I/O tasks (a request each, where the article slept 1 s) and CPU-bound tasks
 * ({@link CpuTask}) submitted together, I/O first as in the article, on the executors of an
 * {@link Arrangement}. An I/O task's latency is counted from its submission, so time spent queued behind
 * CPU work, or waiting for a carrier, is part of it.
 */
public final class CpuIoMixRun implements FanOut {
    private final int ioTasks;
    private final int cpuTasks;
    private final long cpuRange;
    private final Arrangement arrangement;
    private final Arrangement.Pools pools;
    private final RequestObserver ioLatency;

    public CpuIoMixRun(int ioTasks, int cpuTasks, long cpuRange, Arrangement arrangement, int cores,
                       RequestObserver ioLatency) {
        this.ioTasks = ioTasks;
        this.cpuTasks = cpuTasks;
        this.cpuRange = cpuRange;
        this.arrangement = arrangement;
        this.pools = arrangement.pools(ioTasks, cores);
        this.ioLatency = ioLatency;
    }

    private record Done(String result, long atNanos) {
    }

    @Override
    public Outcome run(CheckedFetcher fetcher) throws InterruptedException {
        long start = System.nanoTime();
        List<Future<Done>> io = new ArrayList<>(ioTasks);
        for (int i = 0; i < ioTasks; i++) {
            io.add(pools.io().submit(() -> new Done(fetcher.fetch(), System.nanoTime())));
        }
        List<Future<Done>> cpu = new ArrayList<>(cpuTasks);
        for (int i = 0; i < cpuTasks; i++) {
            cpu.add(pools.cpu().submit(() -> new Done(Long.toString(CpuTask.sumOfSquares(cpuRange)), System.nanoTime())));
        }
        List<Done> ioDone = Tasks.results(io);
        List<Done> cpuDone = Tasks.results(cpu);

        List<String> replies = new ArrayList<>(ioTasks + cpuTasks);
        double[] ioMs = new double[ioTasks];
        for (int i = 0; i < ioTasks; i++) {
            Done done = ioDone.get(i);
            replies.add(done.result());
            ioLatency.requestDone(start, done.atNanos());
            ioMs[i] = Tasks.millisSince(start, done.atNanos());
        }
        double cpuDoneMs = 0;
        for (Done done : cpuDone) {
            replies.add(done.result());
            cpuDoneMs = Math.max(cpuDoneMs, Tasks.millisSince(start, done.atNanos()));
        }
        Arrays.sort(ioMs);
        Map<String, Object> observed = new LinkedHashMap<>();
        observed.put("io_first_done_ms", ioMs[0]);
        observed.put("io_last_done_ms", ioMs[ioTasks - 1]);
        observed.put("cpu_last_done_ms", cpuDoneMs);
        return new Outcome(replies, observed);
    }

    @Override
    public String executor() {
        return arrangement.description();
    }

    @Override
    public void close() {
        pools.close();
    }
}
