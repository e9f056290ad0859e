package dev.fanout.bench.suite;

import dev.fanout.bench.clients.Client;
import dev.fanout.bench.scenarios.Arrangement;
import dev.fanout.bench.scenarios.CpuTask;
import dev.fanout.bench.workload.ClaimFailedException;
import dev.fanout.bench.workload.Endpoint;
import dev.fanout.bench.workload.FanOut;
import dev.fanout.bench.workload.RequestObserver;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * One trial's params: the one type a trial is known by, from the launcher's plan through the fork's records
 * to a row of summary.csv. It is written as JMH params by {@link #params()} and read back by
 * {@link #fromParams}, the only spelling of either.
 *
 * <p>A param the workload does not use must be at its neutral value (0, or "-" for {@code arrangement}), so
 * a trial is named by the params that matter and no two rows differ only in an ignored value.
 *
 * @param workload    the model or scenario
 * @param client      the HTTP client every request goes through
 * @param pools       how many client instances (each its own connection pool) the requests are spread over
 * @param n           requests in one op; for {@code cpu_io_mix}, its I/O tasks
 * @param latencyMs   the server's delay of each request, ms
 * @param k           {@code fixed_pool}'s threads, {@code semaphore}'s permits
 * @param cpuMicros   CPU-bound work done on each response, µs
 * @param sleepMs     {@code fire_and_forget}'s hand-written wait after firing its requests, ms
 * @param cpuTasks    {@code cpu_io_mix}'s CPU-bound tasks
 * @param cpuRange    the range of each CPU task's {@code sum(i * i for i in range(cpuRange))}
 * @param arrangement {@code cpu_io_mix}'s executors, null for every other workload
 * @param recording   whether latencies go into HdrHistogram; false only to measure what recording costs
 * @param rate        service mode: fan-outs arriving per second, each started on schedule whether or not the
 *                    earlier ones are done; 0 for the closed loop (one fan-out after another)
 * @param poisson     service mode: arrivals at exponentially spread gaps (a Poisson process) instead of even ones
 */
public record Setting(Workload workload, Client client, int pools, int n, long latencyMs, int k, long cpuMicros,
                      long sleepMs, int cpuTasks, long cpuRange, Arrangement arrangement, boolean recording,
                      int rate, boolean poisson) {
    /** What {@code arrangement} is for every workload but {@code cpu_io_mix}. */
    public static final String NO_ARRANGEMENT = "-";
    /** The results' {@code benchmark} of a service-mode step. */
    public static final String SERVICE = "service";

    /** The article's setting: 3 requests, its server's fixed 1 s, a semaphore of 2, a 1.1 s sleep, 3 CPU tasks. */
    public static final int ARTICLE_N = 3;
    public static final long ARTICLE_LATENCY_MS = 1_000;
    public static final int ARTICLE_PERMITS = 2;
    public static final long ARTICLE_SLEEP_MS = 1_100;
    public static final int ARTICLE_CPU_TASKS = 3;

    /** A closed-loop trial: one fan-out after another. */
    public Setting(Workload workload, Client client, int pools, int n, long latencyMs, int k, long cpuMicros,
                   long sleepMs, int cpuTasks, long cpuRange, Arrangement arrangement, boolean recording) {
        this(workload, client, pools, n, latencyMs, k, cpuMicros, sleepMs, cpuTasks, cpuRange, arrangement, recording,
                0, false);
    }

    public Setting {
        if (workload == null || client == null) {
            throw new IllegalArgumentException("a trial needs a workload and a client");
        }
        if (!workload.pairsWith(client)) {
            throw new IllegalArgumentException(workload + " does not run on " + client
                    + ": asyncio runs on aiohttp, and every other workload on a Java client");
        }
        require(n >= 1, "n must be at least 1, got " + n);
        require(latencyMs >= 0, "latencyMs must be 0 or more, got " + latencyMs);
        require(pools >= 1, "pools must be at least 1, got " + pools);
        boolean mix = workload == Workload.cpu_io_mix;
        require(mix ? cpuMicros == 0 : cpuMicros >= 0, mix
                ? "cpu_io_mix brings its own CPU tasks; cpuMicros must be 0, got " + cpuMicros
                : "cpuMicros must be 0 or more, got " + cpuMicros);
        require(workload != Workload.asyncio || cpuMicros == 0,
                "asyncio runs in Python, which does no CPU work per response; cpuMicros must be 0, got " + cpuMicros);
        used(workload.usesK(), "k", k, 1);
        used(workload == Workload.fire_and_forget, "sleepMs", sleepMs, 0);
        used(mix, "cpuTasks", cpuTasks, 1);
        used(mix, "cpuRange", cpuRange, 1);
        require(rate >= 0, "rate must be 0 (closed loop) or more, got " + rate);
        require(rate == 0 || workload.servesArrivals(),
                "service mode (rate > 0) runs the Java concurrency models; " + workload + " is not one of them");
        require(rate > 0 || !poisson, "poisson spreads the arrivals of service mode: it needs rate > 0");
        if (mix != (arrangement != null)) {
            throw new IllegalArgumentException(mix ? "cpu_io_mix needs an arrangement, one of "
                    + Arrays.toString(Arrangement.values()) : workload + " takes no arrangement, got " + arrangement);
        }
    }

    /** The article's own setting of {@code workload} (arrangement only for {@code cpu_io_mix}), as its scripts ran it. */
    public static Setting article(Workload workload, Arrangement arrangement, long latencyMs, long sleepMs) {
        boolean mix = workload == Workload.cpu_io_mix;
        return new Setting(workload, Client.okhttp, 1, ARTICLE_N, latencyMs,
                workload == Workload.semaphore ? ARTICLE_PERMITS : 0,
                0, workload == Workload.fire_and_forget ? sleepMs : 0,
                mix ? ARTICLE_CPU_TASKS : 0, mix ? CpuTask.ARTICLE_RANGE : 0, mix ? arrangement : null, true);
    }

    /**
     * The setting JMH params name, as {@link #params()} writes them.
     *
     * @throws IllegalArgumentException naming the param and what it allows, when a value is missing or wrong
     */
    public static Setting fromParams(Map<String, String> params) {
        Params.Reader read = new Params.Reader(params);
        return new Setting(read.named("workload", Workload.class), read.named("client", Client.class),
                read.count("pools"), read.count("n"), read.amount("latencyMs"), read.count("k"), read.amount("cpuMicros"),
                read.amount("sleepMs"), read.count("cpuTasks"), read.amount("cpuRange"), read.arrangement("arrangement"),
                read.bool("recording"), read.countOr("rate", 0), read.boolOr("poisson", false));
    }

    /**
     * This setting as JMH params, one value each, in the order of the benchmark's fields; {@code rate} and
     * {@code poisson} only in service mode, whose benchmark alone has them, so a closed-loop trial keeps the key
     * it had before service mode existed.
     */
    public Map<String, String> params() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("workload", workload.name());
        params.put("client", client.name());
        params.put("pools", Integer.toString(pools));
        params.put("n", Integer.toString(n));
        params.put("latencyMs", Long.toString(latencyMs));
        params.put("k", Integer.toString(k));
        params.put("cpuMicros", Long.toString(cpuMicros));
        params.put("sleepMs", Long.toString(sleepMs));
        params.put("cpuTasks", Integer.toString(cpuTasks));
        params.put("cpuRange", Long.toString(cpuRange));
        params.put("arrangement", arrangementName());
        params.put("recording", Boolean.toString(recording));
        if (inServiceMode()) {
            params.put("rate", Integer.toString(rate));
            params.put("poisson", Boolean.toString(poisson));
        }
        return params;
    }

    /** Whether fan-outs arrive at a fixed rate (service mode) rather than one after another. */
    public boolean inServiceMode() {
        return rate > 0;
    }

    /**
     * The results' {@code benchmark}: {@code fetch_n} for a model, the scenario's name otherwise, and
     * {@value #SERVICE} for a step of service mode.
     */
    public String benchmark() {
        return inServiceMode() ? SERVICE : workload.benchmark();
    }

    /** The results' {@code model}: the model, or a scenario's arrangement ("-" for a scenario without one). */
    public String model() {
        return workload.kind() == Workload.Kind.SCENARIO ? arrangementName() : workload.name();
    }

    /**
     * The file stem of the trial's histograms, naming every param that matters, e.g.
     * {@code fixed_pool-okhttp-n1000-l100-k64-c0} or {@code cpu_io_mix-all_virtual-okhttp-n3-l1000-t3x10000000-c0}.
     */
    public String stem() {
        StringBuilder stem = new StringBuilder(workload.name());
        if (arrangement != null) {
            stem.append('-').append(arrangement.name());
        }
        stem.append('-').append(client.name());
        if (pools > 1) {
            stem.append("-p").append(pools);
        }
        stem.append("-n").append(n).append("-l").append(latencyMs);
        if (workload.usesK()) {
            stem.append("-k").append(k);
        }
        if (workload == Workload.fire_and_forget) {
            stem.append("-s").append(sleepMs);
        }
        if (cpuTasks > 0) {
            stem.append("-t").append(cpuTasks).append('x').append(cpuRange);
        }
        stem.append("-c").append(cpuMicros);
        if (inServiceMode()) {
            stem.append("-r").append(rate).append(poisson ? "poisson" : "");
        }
        if (!recording) {
            stem.append("-unrecorded");
        }
        return stem.toString();
    }

    /** The params that matter, for people: {@code fixed_pool okhttp n=1000 L=100 k=64}. */
    public String label() {
        return label(true);
    }

    /** The label every step of this setting's sweep shares: the rate left out, Poisson arrivals kept. */
    public String sweepLabel() {
        return label(false);
    }

    private String label(boolean withRate) {
        StringBuilder label = new StringBuilder(workload.name());
        if (arrangement != null) {
            label.append(' ').append(arrangement.name());
        }
        label.append(' ').append(client.name());
        if (pools > 1) {
            label.append(" pools=").append(pools);
        }
        label.append(" n=").append(n).append(" L=").append(latencyMs);
        if (workload.usesK()) {
            label.append(" k=").append(k);
        }
        if (workload == Workload.fire_and_forget) {
            label.append(" sleep=").append(sleepMs);
        }
        if (cpuTasks > 0) {
            label.append(" cpuTasks=").append(cpuTasks).append('x').append(cpuRange);
        }
        if (cpuMicros > 0) {
            label.append(" cpu=").append(cpuMicros).append("us");
        }
        if (inServiceMode() && withRate) {
            label.append(" rate=").append(rate).append("/s");
        }
        if (poisson) {
            label.append(" poisson");
        }
        if (!recording) {
            label.append(" unrecorded");
        }
        return label.toString();
    }

    /** Why this trial cannot run (a client without an event loop asked for one, ...), or null when it can. */
    public String unsupportedBecause() {
        return workload.unsupportedBecause(client, pools);
    }

    /** The most requests in flight at once: the k of the ideal time. */
    public int concurrency() {
        return workload.concurrency(this);
    }

    /** The most requests the workload promises to have in flight at once; empty when it promises no limit. */
    public OptionalInt inFlightLimit() {
        return workload.inFlightLimit(this);
    }

    /**
     * Checks a count of requests in flight at once against what the workload promises.
     *
     * @param who  who counted, for the message: the client, or the server
     * @throws ClaimFailedException when {@code seen} is more than the workload allows
     */
    public void checkInFlight(String who, long seen) {
        OptionalInt limit = inFlightLimit();
        if (limit.isPresent() && seen > limit.getAsInt()) {
            throw new ClaimFailedException(workload + ": " + who + " saw " + seen
                    + " requests in flight at once, more than the " + limit.getAsInt() + " it allows");
        }
    }

    /**
     * The least possible time of one op on {@code cores}, ms.
     *
     * @param cpuTaskMs the measured cost of one CPU task ({@code cpu_io_mix}; 0 for the other workloads)
     */
    public double idealMs(double cpuTaskMs, int cores) {
        return workload.idealMs(this, cpuTaskMs, cores);
    }

    public Endpoint endpoint() {
        return workload.endpoint();
    }

    /** The article's own time for this setting, s, or null when this is not a setting the article measured. */
    public Double articleSeconds() {
        boolean articles = workload.articleFigure() != null
                && equals(article(workload, arrangement, ARTICLE_LATENCY_MS, ARTICLE_SLEEP_MS).withClient(client, pools));
        return articles ? workload.articleSeconds() : null;
    }

    /** This setting's workload, built. */
    public FanOut create(int cores, RequestObserver ioLatency) {
        return workload.create(this, cores, ioLatency);
    }

    /** The same trial through another client, spread over {@code pools} instances of it. */
    public Setting withClient(Client other, int otherPools) {
        return new Setting(workload, other, otherPools, n, latencyMs, k, cpuMicros, sleepMs, cpuTasks, cpuRange,
                arrangement, recording, rate, poisson);
    }

    /** The same fan-out arriving at {@code otherRate} a second (0: the closed loop). */
    public Setting atRate(int otherRate) {
        return new Setting(workload, client, pools, n, latencyMs, k, cpuMicros, sleepMs, cpuTasks, cpuRange,
                arrangement, recording, otherRate, otherRate > 0 && poisson);
    }

    private String arrangementName() {
        return arrangement == null ? NO_ARRANGEMENT : arrangement.name();
    }

    private static void require(boolean holds, String message) {
        if (!holds) {
            throw new IllegalArgumentException(message);
        }
    }

    private static void used(boolean uses, String param, long value, long least) {
        if (uses && value < least) {
            throw new IllegalArgumentException(param + " must be at least " + least + ", got " + value);
        }
        if (!uses && value != 0) {
            throw new IllegalArgumentException(param + " must be 0 for a workload that does not use it, got " + value);
        }
    }
}
