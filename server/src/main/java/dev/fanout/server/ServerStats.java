package dev.fanout.server;

import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Protocols;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The server's own evidence that it was not the bottleneck: request and response counters,
 * requests in flight, how late the delay timers fired, and the CPU time the server's JVM used (so a
 * benchmark can put the server's CPU per request beside its client's). Recording happens on the I/O threads
 * for every request, so it uses striped counters and HdrHistogram's wait-free {@link Recorder};
 * only the rare {@link #snapshot()} and {@link #reset()} take a lock.
 * <p>
 * A response is counted by its status when its exchange completes. A client that hangs up while
 * its request waits is counted under 499 (nginx's "client closed request"), as nothing reached it:
 * one that resets mid-delay, and one whose answer could not be written (see {@link DelayedResponse}).
 * An injected {@link Fault} is counted under {@code fault_<name>} unless it has a status ({@link Fault#countedByStatus()}).
 * <p>
 * A {@link #snapshot()} never shows a request as neither in flight nor answered:
 * {@code in_flight + sum(responses) >= requests}, so once {@code in_flight} reads 0 every request
 * it counted is in {@code responses} (what a test or a benchmark waits for). The counters are
 * separate, so this rests on order alone: a request raises {@code in_flight} before it is counted in
 * {@code requests}, a response is counted before it lowers {@code in_flight}, and the snapshot reads
 * {@code requests}, then {@code in_flight}, then the rest.
 */
final class ServerStats implements ExchangeCompletionListener {

    private static final int SIGNIFICANT_DIGITS = 3;
    private static final AttachmentKey<Fault> FAULT = AttachmentKey.create(Fault.class);
    private static final AttachmentKey<Boolean> HUNG_UP = AttachmentKey.create(Boolean.class);
    /** User + system CPU time of this whole JVM, in ns; HotSpot JDKs (the project's) have this bean. */
    private static final com.sun.management.OperatingSystemMXBean OS = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final long startNanos = System.nanoTime();
    private final int ioThreads;
    private final LongAdder requests = new LongAdder();
    private final LongAdder[] responsesByStatus = new LongAdder[1000];
    private final LongAdder[] faults = new LongAdder[Fault.values().length];
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong maxInFlight = new AtomicLong();
    private final LongAdder refusedConnections = new LongAdder();
    private final LongAdder streams = new LongAdder();
    private final LongAdder connectionsOpened = new LongAdder();
    private final AtomicLong openConnections = new AtomicLong();
    private final AtomicLong maxOpenConnections = new AtomicLong();
    private final Recorder latenessMicros = new Recorder(SIGNIFICANT_DIGITS);
    private final Histogram latenessSinceReset = new Histogram(SIGNIFICANT_DIGITS);
    private Histogram latenessInterval;
    private long cpuNanosAtReset = OS.getProcessCpuTime();

    /** @param ioThreads reported as is, so a run's record says how the server it measured against was sized */
    ServerStats(int ioThreads) {
        this.ioThreads = ioThreads;
        for (int i = 0; i < responsesByStatus.length; i++) {
            responsesByStatus[i] = new LongAdder();
        }
        for (int i = 0; i < faults.length; i++) {
            faults[i] = new LongAdder();
        }
    }

    /** Counts the request and arranges for its response to be counted when the exchange ends. */
    void requestStarted(HttpServerExchange exchange) {
        // in_flight first, then requests: see the class comment.
        raiseTo(maxInFlight, inFlight.incrementAndGet());
        requests.increment();
        if (Protocols.HTTP_2_0.equals(exchange.getProtocol())) {
            streams.increment();
        }
        exchange.addExchangeCompleteListener(this);
    }

    @Override
    public void exchangeEvent(HttpServerExchange exchange, NextListener next) {
        // The status before in_flight: see the class comment.
        Fault fault = exchange.getAttachment(FAULT);
        if (fault != null) {
            faults[fault.ordinal()].increment();
        } else if (exchange.getAttachment(HUNG_UP) != null) {
            responsesByStatus[DelayedResponse.CLIENT_CLOSED_REQUEST].increment();
        } else {
            responsesByStatus[exchange.getStatusCode()].increment();
        }
        inFlight.decrementAndGet();
        next.proceed();
    }

    /** {@code exchange} ends with {@code fault} instead of a response: count it under {@link Fault#statsKey()}, whatever its status. */
    void countAsFault(HttpServerExchange exchange, Fault fault) {
        exchange.putAttachment(FAULT, fault);
    }

    /**
     * Counts {@code exchange} as a hang-up (499), whatever its status, until it is {@link #answered}: for an
     * answer whose write may yet fail, when Undertow has started the response and frozen its status.
     */
    void countAsHangUp(HttpServerExchange exchange) {
        exchange.putAttachment(HUNG_UP, Boolean.TRUE);
    }

    /** {@code exchange}'s answer was written after all: count it by its status. */
    void answered(HttpServerExchange exchange) {
        exchange.removeAttachment(HUNG_UP);
    }

    /** A connection over {@code --max-connections} was answered 503 (see {@link ConnectionGate}); not a request. */
    void connectionRefused() {
        refusedConnections.increment();
    }

    /**
     * Counts an accepted connection (HTTP/1.1 or HTTP/2: the TCP connection, not a stream) as served, unless
     * {@code maxConnections} are served already: then it is not counted and {@link ConnectionGate} refuses it. The one
     * count of open connections, which the gate's cap and {@code /stats} read alike.
     *
     * @return whether the connection is served
     */
    boolean connectionOpened(int maxConnections) {
        long now = openConnections.incrementAndGet();
        if (now > maxConnections) {
            openConnections.decrementAndGet();
            return false;
        }
        connectionsOpened.increment();
        raiseTo(maxOpenConnections, now);
        return true;
    }

    /** A served connection closed. */
    void connectionClosed() {
        openConnections.decrementAndGet();
    }

    /** Requests in flight now. */
    long inFlight() {
        return inFlight.get();
    }

    /** Actual minus requested delay of one delayed response, never negative (see {@link DelayedResponse}). */
    void recordLatenessMicros(long micros) {
        latenessMicros.recordValue(micros);
    }

    synchronized void reset() {
        requests.reset();
        for (LongAdder count : responsesByStatus) {
            count.reset();
        }
        for (LongAdder count : faults) {
            count.reset();
        }
        maxInFlight.set(inFlight.get());
        refusedConnections.reset();
        streams.reset();
        connectionsOpened.reset();
        maxOpenConnections.set(openConnections.get());
        cpuNanosAtReset = OS.getProcessCpuTime();
        latenessInterval = latenessMicros.getIntervalHistogram(latenessInterval);
        latenessSinceReset.reset();
    }

    /** The {@code /stats} document; key order and names are a contract with the benchmark harness. */
    synchronized Map<String, Object> snapshot() {
        // This order of reads is what keeps in_flight + sum(responses) >= requests (class comment).
        long requestCount = requests.sum();
        long inFlightNow = inFlight.get();
        long maxInFlightNow = maxInFlight.get();
        latenessInterval = latenessMicros.getIntervalHistogram(latenessInterval);
        latenessSinceReset.add(latenessInterval);

        Map<String, Long> responses = new LinkedHashMap<>();
        for (int status = 0; status < responsesByStatus.length; status++) {
            long count = responsesByStatus[status].sum();
            if (count > 0) {
                responses.put(Integer.toString(status), count);
            }
        }
        for (Fault fault : Fault.values()) {
            long count = faults[fault.ordinal()].sum();
            if (count > 0) {
                responses.put(fault.statsKey(), count);
            }
        }
        Histogram h = latenessSinceReset;
        Map<String, Object> lateness = new LinkedHashMap<>();
        lateness.put("count", h.getTotalCount());
        lateness.put("mean", h.getTotalCount() == 0 ? 0.0 : h.getMean() / 1000.0);
        lateness.put("p50", percentileMs(h, 50));
        lateness.put("p90", percentileMs(h, 90));
        lateness.put("p99", percentileMs(h, 99));
        lateness.put("p999", percentileMs(h, 99.9));
        lateness.put("max", h.getMaxValue() / 1000.0);

        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("uptime_ms", (System.nanoTime() - startNanos) / 1_000_000);
        stats.put("io_threads", ioThreads);
        stats.put("requests", requestCount);
        stats.put("responses", responses);
        stats.put("in_flight", inFlightNow);
        stats.put("max_in_flight", maxInFlightNow);
        stats.put("lateness_ms", lateness);
        stats.put("refused_connections", refusedConnections.sum());
        // Rounded to microseconds. The clock moves in coarser steps on Linux: the JDK reads it with
        // times(), in ticks of 10 ms.
        stats.put("cpu_ms", Math.round((OS.getProcessCpuTime() - cpuNanosAtReset) / 1_000.0) / 1_000.0);
        Map<String, Long> connections = new LinkedHashMap<>();
        connections.put("open", openConnections.get());
        connections.put("max_open", maxOpenConnections.get());
        connections.put("opened", connectionsOpened.sum());
        stats.put("connections", connections);
        // HTTP/2 carries each request on a stream of its own, many to a connection; HTTP/1.1 one at a time.
        stats.put("streams", streams.sum());
        return stats;
    }

    /** Raises {@code max} to {@code now} if it is below. */
    private static void raiseTo(AtomicLong max, long now) {
        // Read before the CAS loop: almost every value is below the maximum, and a plain read keeps the cache line shared.
        if (now > max.get()) {
            max.accumulateAndGet(now, Math::max);
        }
    }

    private static double percentileMs(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1000.0;
    }
}
