package dev.fanout.bench.suite;

import dev.fanout.bench.clients.Client;
import dev.fanout.bench.clients.Protocol;
import dev.fanout.bench.scenarios.Arrangement;
import dev.fanout.bench.scenarios.CpuTask;
import dev.fanout.bench.workload.ClaimFailedException;
import dev.fanout.bench.workload.Endpoint;
import dev.fanout.bench.workload.FanOut;
import dev.fanout.bench.workload.RequestObserver;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * One trial's params: the one type a trial is known by, from the launcher's plan through the fork's records
 * to a row of summary.csv. Each component is one of {@link Params}' declarations, by name, and everything done with
 * a param (its JMH spelling, {@link #params()} and {@link #fromParams}, {@link #label()} and {@link #stem()}) goes
 * through that declaration.
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
 * @param deadlineMs  {@code structured}'s deadline, ms; 0 for none
 * @param protocol    the HTTP version every request goes over
 */
public record Setting(Workload workload, Client client, int pools, int n, long latencyMs, int k, long cpuMicros,
                      long sleepMs, int cpuTasks, long cpuRange, Arrangement arrangement, boolean recording,
                      int rate, boolean poisson, long deadlineMs, Protocol protocol) {
    /** The results' {@code benchmark} of a service-mode step. */
    public static final String SERVICE = "service";

    /** The article's setting: 3 requests, its server's fixed 1 s, a semaphore of 2, a 1.1 s sleep, 3 CPU tasks. */
    public static final int ARTICLE_N = 3;
    public static final long ARTICLE_LATENCY_MS = 1_000;
    public static final int ARTICLE_PERMITS = 2;
    public static final long ARTICLE_SLEEP_MS = 1_100;
    public static final int ARTICLE_CPU_TASKS = 3;

    /** The components, each one of {@link Params}' declarations of the same name, and how to read and make them. */
    private static final RecordComponent[] COMPONENTS = Setting.class.getRecordComponents();
    private static final TrialParam<?>[] PARAMS = Arrays.stream(COMPONENTS)
            .map(component -> Params.named(component.getName())).toArray(TrialParam<?>[]::new);
    private static final Map<TrialParam<?>, Integer> INDEX = IntStream.range(0, PARAMS.length).boxed()
            .collect(Collectors.toMap(i -> PARAMS[i], i -> i));
    private static final Constructor<Setting> CONSTRUCTOR = canonicalConstructor();

    public Setting {
        if (workload == null || client == null) {
            throw new IllegalArgumentException("a trial needs a workload and a client");
        }
        if (!workload.pairsWith(client)) {
            throw new IllegalArgumentException(workload + " does not run on " + client
                    + ": asyncio runs on aiohttp, and every other workload on a Java client");
        }
        require(client.speaks(protocol), client + " speaks HTTP/1.1 only, not " + protocol);
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
        used(workload == Workload.structured, "deadlineMs", deadlineMs, 0);
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
        Map<TrialParam<?>, Object> values = new LinkedHashMap<>();
        values.put(Params.WORKLOAD, workload);
        values.put(Params.N, ARTICLE_N);
        values.put(Params.LATENCY_MS, latencyMs);
        values.put(Params.K, workload == Workload.semaphore ? ARTICLE_PERMITS : 0);
        values.put(Params.SLEEP_MS, workload == Workload.fire_and_forget ? sleepMs : 0L);
        values.put(Params.CPU_TASKS, mix ? ARTICLE_CPU_TASKS : 0);
        values.put(Params.CPU_RANGE, mix ? CpuTask.ARTICLE_RANGE : 0L);
        values.put(Params.ARRANGEMENT, mix ? arrangement : null);
        return of(values);
    }

    /**
     * The setting of these params and values, in pairs ({@code Params.WORKLOAD, Workload.async, Params.N, 1000}), each
     * param not given at its neutral value.
     *
     * @throws IllegalArgumentException when the values do not make a trial, saying why
     */
    public static Setting of(Object... paramsAndValues) {
        Map<TrialParam<?>, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < paramsAndValues.length; i += 2) {
            values.put((TrialParam<?>) paramsAndValues[i], paramsAndValues[i + 1]);
        }
        return of(values);
    }

    /**
     * The setting of these values, each param not given at its neutral value.
     *
     * @throws IllegalArgumentException when the values do not make a trial, saying why
     */
    public static Setting of(Map<TrialParam<?>, Object> values) {
        Object[] arguments = new Object[COMPONENTS.length];
        for (int i = 0; i < COMPONENTS.length; i++) {
            TrialParam<?> param = PARAMS[i];
            arguments[i] = values.containsKey(param) ? values.get(param) : param.neutral();
        }
        try {
            return CONSTRUCTOR.newInstance(arguments);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException invalid) {
                throw invalid;
            }
            throw new IllegalStateException("cannot make a setting of " + values, e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Setting's components and its canonical constructor disagree", e);
        }
    }

    /** This setting's value of {@code param}. */
    @SuppressWarnings("unchecked")
    <T> T get(TrialParam<T> param) {
        try {
            return (T) COMPONENTS[INDEX.get(param)].getAccessor().invoke(this);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + param + " of a setting", e);
        }
    }

    /** This setting with {@code param} at {@code value}. */
    public <T> Setting with(TrialParam<T> param, T value) {
        Map<TrialParam<?>, Object> values = values();
        values.put(param, value);
        return of(values);
    }

    /** Every param's value, by param, in {@link Params}' order. */
    public Map<TrialParam<?>, Object> values() {
        Map<TrialParam<?>, Object> values = new LinkedHashMap<>();
        Params.ALL.forEach(param -> values.put(param, get(param)));
        return values;
    }

    /**
     * The setting JMH params name, as {@link #params()} writes them; a param missing (service mode's own in a trial of
     * the closed loop, or one declared after the run was made) is at its neutral value.
     *
     * @throws IllegalArgumentException naming the param and what it allows, when a value is missing or wrong
     */
    public static Setting fromParams(Map<String, String> params) {
        Map<TrialParam<?>, Object> values = new LinkedHashMap<>();
        for (TrialParam<?> param : Params.ALL) {
            String text = params.get(param.name());
            if (text != null) {
                values.put(param, param.parse(text));
            }
        }
        return of(values);
    }

    /**
     * This setting as JMH params, one value each; {@code rate} and {@code poisson} only in service mode, whose
     * benchmark alone has them, so a closed-loop trial keeps the key it had before service mode existed.
     */
    public Map<String, String> params() {
        Map<String, String> params = new LinkedHashMap<>();
        for (TrialParam<?> param : Params.ALL) {
            if (inServiceMode() || !param.isServiceOnly()) {
                params.put(param.name(), spelling(param));
            }
        }
        return params;
    }

    private <T> String spelling(TrialParam<T> param) {
        return param.spell(get(param));
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
        return Params.ALL.stream().map(param -> param.stemPart(this)).collect(Collectors.joining());
    }

    /** The params that matter, for people: {@code fixed_pool okhttp n=1000 L=100 k=64}. */
    public String label() {
        return Params.ALL.stream().map(param -> param.labelPart(this)).collect(Collectors.joining());
    }

    /** The label every step of this setting's sweep shares: the rate left out, Poisson arrivals kept. */
    public String sweepLabel() {
        return Params.ALL.stream().filter(param -> param != Params.RATE).map(param -> param.labelPart(this))
                .collect(Collectors.joining());
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
        return with(Params.CLIENT, other).with(Params.POOLS, otherPools);
    }

    /** The same fan-out arriving at {@code otherRate} a second (0: the closed loop). */
    public Setting atRate(int otherRate) {
        return with(Params.POISSON, otherRate > 0 && poisson).with(Params.RATE, otherRate);
    }

    private String arrangementName() {
        return Params.ARRANGEMENT.spell(arrangement);
    }

    private static Constructor<Setting> canonicalConstructor() {
        try {
            return Setting.class.getDeclaredConstructor(Arrays.stream(COMPONENTS).map(RecordComponent::getType)
                    .toArray(Class<?>[]::new));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("a record has its canonical constructor", e);
        }
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
