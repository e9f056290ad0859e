package dev.fanout.bench.recording;

import dev.fanout.bench.suite.Setting;
import dev.fanout.bench.suite.Workload;

/**
 * The least time one op can take on these cores, as the highest of three bounds, each named in summary.csv's
 * {@code bound}. With N requests of latency L, at most k in flight, c the CPU one request costs the client and the
 * server together (measured), and P cores:
 * <ul>
 *   <li>{@value #LATENCY}: L x ceil(N / k) ({@code ideal_ms}), the waiting, were the CPU free;
 *   <li>{@value #CPU}: N c / P ({@code cpu_floor_ms}), the CPU, were the waits free and every core busy;
 *   <li>{@value #LATENCY_CPU}: L + N c / (2 P) ({@code latency_cpu_floor_ms}): every request's sending precedes
 *       the last request's wait, and every request's receiving follows the first request's wait, so the op lasts at
 *       least L plus the larger of the two, which is at least half of c for each request, spread over P cores.
 * </ul>
 * The third holds for the CPU of the requests' own path: CPU spent regardless of them belongs to neither half. The
 * client's figure leaves the JIT compilers out already; {@code cpu_io_mix}'s CPU tasks, which may overlap the
 * waiting, are taken out of it at the cost the plan assumed for them; the server's includes its JVM's own upkeep, so
 * the third bound is an estimate there, a little high. It is not drawn for a fan-out whose requests need not all
 * end ({@code fire_and_forget}), nor in service mode, where fan-outs overlap.
 *
 * @param cpuMs        null when either side's CPU is unknown
 * @param latencyCpuMs null where it does not apply, or the CPU is unknown
 */
public record TightBound(double latencyMs, Double cpuMs, Double latencyCpuMs) {
    public static final String LATENCY = "latency";
    public static final String CPU = "cpu";
    public static final String LATENCY_CPU = "latency_cpu";

    /**
     * The bounds of one op of {@code spec}'s trial, from the CPU it was measured to cost.
     *
     * @param clientCpuMsPerOp the client's CPU per op, the JIT's left out; null when unknown
     * @param serverCpuUsPerRequest the server's CPU per request; null when unknown
     */
    static TightBound of(TrialSpec spec, Double clientCpuMsPerOp, Double serverCpuUsPerRequest, int cores) {
        Setting setting = spec.setting();
        if (clientCpuMsPerOp == null || serverCpuUsPerRequest == null) {
            return new TightBound(spec.idealMs(), null, null);
        }
        double serverMsPerOp = setting.n() * serverCpuUsPerRequest / 1000;
        double cpu = (clientCpuMsPerOp + serverMsPerOp) / cores;
        boolean applies = !setting.inServiceMode() && setting.workload() != Workload.fire_and_forget;
        double requestPathMs = clientCpuMsPerOp - setting.cpuTasks() * spec.cpuTaskMs() + serverMsPerOp;
        Double latencyCpu = applies ? setting.latencyMs() + Math.max(0, requestPathMs) / (2.0 * cores) : null;
        return new TightBound(spec.idealMs(), cpu, latencyCpu);
    }

    /** The tightest of the bounds: the highest. */
    public double ms() {
        return Math.max(latencyMs, Math.max(cpuMs == null ? 0 : cpuMs, latencyCpuMs == null ? 0 : latencyCpuMs));
    }

    /** The name of the tightest bound. */
    public String name() {
        double ms = ms();
        return ms == latencyMs ? LATENCY : cpuMs != null && ms == cpuMs ? CPU : LATENCY_CPU;
    }
}
