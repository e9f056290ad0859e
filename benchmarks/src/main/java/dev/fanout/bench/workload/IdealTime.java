package dev.fanout.bench.workload;

/**
 * The physical limit of one fetch-N: no model can finish N requests of latency L, with at most k in
 * flight, sooner than L × ceil(N / k). Every figure the harness prints is shown beside this bound, and a
 * measured time below it means the measurement is wrong.
 *
 * <p>With CPU work of c per response the bound grows on two fronts: each of the ceil(N / k) waves of
 * requests costs at least L + c, and the N × c of CPU work cannot run faster than on every core (or every
 * one of the k threads, when there are fewer threads than cores) at once. The larger of the two is the bound.
 */
public final class IdealTime {
    private IdealTime() {
    }

    /**
     * @param n           requests in one fetch-N
     * @param latencyMs   the server's delay for each request, ms
     * @param concurrency requests that can be in flight at once (1 for sequential, n for unbounded)
     * @param cpuMicros   CPU-bound work done on each response, µs
     * @param cores       processors that can run that work at once
     * @return the least possible wall time of one fetch-N, ms
     */
    public static double millis(int n, double latencyMs, int concurrency, long cpuMicros, int cores) {
        if (n < 1 || concurrency < 1 || cores < 1 || latencyMs < 0 || cpuMicros < 0) {
            throw new IllegalArgumentException("ideal time needs n, concurrency, cores >= 1 and latency, cpu >= 0; got n="
                    + n + " concurrency=" + concurrency + " cores=" + cores + " latencyMs=" + latencyMs
                    + " cpuMicros=" + cpuMicros);
        }
        int k = Math.min(concurrency, n);
        long waves = (n + k - 1L) / k;
        double cpuMs = cpuMicros / 1000.0;
        double waitBound = waves * (latencyMs + cpuMs);
        double cpuBound = n * cpuMs / Math.min(k, cores);
        return Math.max(waitBound, cpuBound);
    }
}
