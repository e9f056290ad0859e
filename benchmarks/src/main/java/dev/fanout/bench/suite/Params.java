package dev.fanout.bench.suite;

import dev.fanout.bench.clients.Client;
import dev.fanout.bench.clients.Protocol;
import dev.fanout.bench.scenarios.Arrangement;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every param of a trial, each declared once ({@link TrialParam}), in the order a trial's label and file stem name
 * them: {@code fixed_pool okhttp pools=10 n=1000 L=100 k=64}, {@code fixed_pool-okhttp-p10-n1000-l100-k64-c0}. To add a
 * param: declare it here, add the record component of the same name to {@link Setting} and the {@code @Param} field
 * to the benchmark that takes it ({@code TrialParams}, or {@code ServiceBenchmark} for service mode's own); a test
 * checks the three against each other. A param a workload does not use is at its neutral value, so that no two trials
 * differ only in an ignored value.
 */
public final class Params {
    /** What {@code arrangement} is for every workload but {@code cpu_io_mix}. */
    public static final String NO_ARRANGEMENT = "-";

    public static final TrialParam<Workload> WORKLOAD = TrialParam.of("workload",
            text -> named(Workload.class, "workload", text), Workload::name, Workload.virtual_threads,
            s -> s.workload().name(), s -> s.workload().name(),
            "the model or scenario (virtual_threads, event_loop, lock, cpu_io_mix, asyncio, ...)");
    public static final TrialParam<Arrangement> ARRANGEMENT = TrialParam.of("arrangement",
            text -> arrangement("arrangement", text), arrangement -> arrangement == null ? NO_ARRANGEMENT : arrangement.name(),
            null, s -> s.arrangement() == null ? "" : " " + s.arrangement().name(),
            s -> s.arrangement() == null ? "" : "-" + s.arrangement().name(),
            "cpu_io_mix's executors, " + names(Arrangement.class) + "; " + NO_ARRANGEMENT + " for the others")
            .admitting((chosen, arrangement) -> (chosen.get(WORKLOAD) == Workload.cpu_io_mix) == (arrangement != null));
    public static final TrialParam<Client> CLIENT = TrialParam.of("client",
            text -> named(Client.class, "client", text), Client::name, Client.okhttp,
            s -> " " + s.client().name(), s -> "-" + s.client().name(),
            "the HTTP client every request goes through: " + names(Client.class))
            .onlyAdmitting((chosen, client) -> chosen.get(WORKLOAD).pairsWith(client));
    public static final TrialParam<Protocol> PROTOCOL = TrialParam.of("protocol",
            text -> named(Protocol.class, "protocol", text), Protocol::name, Protocol.http1,
            s -> s.protocol() == Protocol.http1 ? "" : " " + s.protocol().name(),
            s -> s.protocol() == Protocol.http1 ? "" : "-" + s.protocol().name(),
            "the HTTP version every request goes over: http1 (a connection a request in flight), h2c (HTTP/2 in"
                    + " cleartext, every request a stream of one connection)")
            .onlyAdmitting((chosen, protocol) -> chosen.get(CLIENT).speaks(protocol));
    public static final TrialParam<Integer> POOLS = TrialParam.of("pools", text -> count("pools", text),
            String::valueOf, 1, s -> s.pools() > 1 ? " pools=" + s.pools() : "", s -> s.pools() > 1 ? "-p" + s.pools() : "",
            "how many client instances, each its own connection pool, the requests are spread over");
    public static final TrialParam<Integer> N = TrialParam.of("n", text -> count("n", text), String::valueOf, 100,
            s -> " n=" + s.n(), s -> "-n" + s.n(), "requests in one op (a fan-out); cpu_io_mix's I/O tasks");
    public static final TrialParam<Long> LATENCY_MS = TrialParam.of("latencyMs", text -> wholeNumber("latencyMs", text),
            String::valueOf, 100L, s -> " L=" + s.latencyMs(), s -> "-l" + s.latencyMs(),
            "the server's delay of each request, ms");
    public static final TrialParam<Integer> K = TrialParam.of("k", text -> count("k", text), String::valueOf, 0,
            s -> s.workload().usesK() ? " k=" + s.k() : "", s -> s.workload().usesK() ? "-k" + s.k() : "",
            "fixed_pool's threads, semaphore's permits")
            .admitting((chosen, k) -> chosen.get(WORKLOAD).usesK() || k == 0);
    public static final TrialParam<Long> SLEEP_MS = TrialParam.of("sleepMs", text -> wholeNumber("sleepMs", text),
            String::valueOf, 0L, s -> s.workload() == Workload.fire_and_forget ? " sleep=" + s.sleepMs() : "",
            s -> s.workload() == Workload.fire_and_forget ? "-s" + s.sleepMs() : "",
            "fire_and_forget's hand-written wait after firing its requests, ms")
            .admitting((chosen, sleep) -> chosen.get(WORKLOAD) == Workload.fire_and_forget || sleep == 0);
    public static final TrialParam<Integer> CPU_TASKS = TrialParam.of("cpuTasks", text -> count("cpuTasks", text),
            String::valueOf, 0, s -> s.cpuTasks() > 0 ? " cpuTasks=" + s.cpuTasks() + "x" + s.cpuRange() : "",
            s -> s.cpuTasks() > 0 ? "-t" + s.cpuTasks() + "x" + s.cpuRange() : "", "cpu_io_mix's CPU-bound tasks")
            .admitting((chosen, tasks) -> chosen.get(WORKLOAD) == Workload.cpu_io_mix || tasks == 0);
    public static final TrialParam<Long> CPU_RANGE = TrialParam.of("cpuRange", text -> wholeNumber("cpuRange", text),
            String::valueOf, 0L, s -> "", s -> "",
            "the range of each CPU task's sum(i * i for i in range(cpuRange)), shown with cpuTasks")
            .admitting((chosen, range) -> chosen.get(WORKLOAD) == Workload.cpu_io_mix || range == 0);
    public static final TrialParam<Long> CPU_MICROS = TrialParam.of("cpuMicros", text -> wholeNumber("cpuMicros", text),
            String::valueOf, 0L, s -> s.cpuMicros() > 0 ? " cpu=" + s.cpuMicros() + "us" : "", s -> "-c" + s.cpuMicros(),
            "CPU-bound work done on each response, µs")
            .admitting((chosen, micros) -> micros == 0 || chosen.get(WORKLOAD) != Workload.cpu_io_mix
                    && chosen.get(WORKLOAD) != Workload.asyncio);
    public static final TrialParam<Integer> RATE = TrialParam.of("rate", text -> count("rate", text), String::valueOf, 0,
            s -> s.inServiceMode() ? " rate=" + s.rate() + "/s" : "", s -> s.inServiceMode() ? "-r" + s.rate() : "",
            "service mode: fan-outs arriving per second, each on schedule whatever the others do; 0 (the closed loop)"
                    + " runs one fan-out after another")
            .onlyAdmitting((chosen, rate) -> rate == 0 || chosen.get(WORKLOAD).servesArrivals())
            .serviceOnly();
    public static final TrialParam<Boolean> POISSON = TrialParam.of("poisson", text -> bool("poisson", text),
            String::valueOf, false, s -> s.poisson() ? " poisson" : "", s -> s.poisson() ? "poisson" : "",
            "service mode: arrivals at exponentially spread gaps (a Poisson process) instead of even ones")
            .admitting((chosen, poisson) -> chosen.get(RATE) > 0 || !poisson)
            .serviceOnly();
    public static final TrialParam<Long> DEADLINE_MS = TrialParam.of("deadlineMs",
            text -> wholeNumber("deadlineMs", text), String::valueOf, 0L,
            s -> s.deadlineMs() > 0 ? " deadline=" + s.deadlineMs() + "ms" : "",
            s -> s.deadlineMs() > 0 ? "-d" + s.deadlineMs() : "",
            "structured's deadline, ms: the scope's timeout, which cancels every request still out; 0 for none")
            .admitting((chosen, deadline) -> chosen.get(WORKLOAD) == Workload.structured || deadline == 0);
    public static final TrialParam<Boolean> RECORDING = TrialParam.of("recording", text -> bool("recording", text),
            String::valueOf, true, s -> s.recording() ? "" : " unrecorded", s -> s.recording() ? "" : "-unrecorded",
            "whether latencies go into HdrHistogram; false only to measure what recording costs");

    /** Every param, in the order of a trial's label: the order {@link Setting}'s components follow too. */
    public static final List<TrialParam<?>> ALL = List.of(WORKLOAD, ARRANGEMENT, CLIENT, PROTOCOL, POOLS, N, LATENCY_MS, K,
            SLEEP_MS, CPU_TASKS, CPU_RANGE, CPU_MICROS, RATE, POISSON, DEADLINE_MS, RECORDING);

    private Params() {
    }

    /** The param of this name, or an error listing them. */
    public static TrialParam<?> named(String name) {
        return ALL.stream().filter(param -> param.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown param " + name + "; the params are "
                        + ALL.stream().map(TrialParam::name).collect(Collectors.joining(", "))));
    }

    /** An enum constant by name, or an error that lists the names. */
    public static <E extends Enum<E>> E named(Class<E> type, String param, String value) {
        try {
            return Enum.valueOf(type, value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown " + param + " '" + value + "'; the " + param + "s are "
                    + names(type));
        }
    }

    /** A whole number from 0 to {@link Integer#MAX_VALUE}. */
    public static long wholeNumber(String param, String value) {
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed >= 0 && parsed <= Integer.MAX_VALUE) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(param + " must be a whole number from 0 to " + Integer.MAX_VALUE + ", got '"
                + value + "'");
    }

    private static int count(String param, String value) {
        return (int) wholeNumber(param, value);
    }

    public static boolean bool(String param, String value) {
        String trimmed = value.trim();
        if (!trimmed.equals("true") && !trimmed.equals("false")) {
            throw new IllegalArgumentException(param + " must be true or false, got '" + value + "'");
        }
        return Boolean.parseBoolean(trimmed);
    }

    /** An arrangement by name, or null for {@value #NO_ARRANGEMENT}. */
    private static Arrangement arrangement(String param, String value) {
        return value.trim().equals(NO_ARRANGEMENT) ? null : named(Arrangement.class, param, value);
    }

    private static String names(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
