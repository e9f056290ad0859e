package dev.fanout.bench.workload;

import dev.fanout.bench.clients.HttpClient;
import dev.fanout.bench.clients.Reply;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * One request of a fan-out: a GET to one endpoint, checked, timed, then the response's CPU work. Both a
 * blocking and a non-blocking form exist because the models differ exactly there; everything else, the
 * client, the check, the timing and the CPU work, is the same for all of them, whichever client runs.
 *
 * <p>With several client instances ({@code pools}) the requests are spread over them in turn, each with its
 * own connection pool; with several URLs (tests that mix faults into a fan-out) the requests go to them in turn.
 *
 * <p>A failed request is counted in {@link #failures()} and answers {@code null}: it never throws, so the
 * fan-out it belongs to still waits for all its requests and can report how many failed.
 */
public final class CheckedFetcher {
    private final List<HttpClient> clients;
    private final List<URI> urls;
    private final Endpoint endpoint;
    private final RequestObserver observer;
    private final CpuBurner burner;
    private final long cpuMicros;
    private final FailureTally failures = new FailureTally();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger nextRequest = new AtomicInteger();
    private volatile boolean cancelled;

    /**
     * @param clients     the client instances to spread the requests over, at least one
     * @param observer  told the latency of every correct response
     * @param cpuMicros the CPU work done on each correct response, µs
     */
    public CheckedFetcher(List<HttpClient> clients, URI url, Endpoint endpoint, RequestObserver observer,
                          CpuBurner burner, long cpuMicros) {
        this(clients, List.of(url), endpoint, observer, burner, cpuMicros);
    }

    /**
     * @param urls where the requests go, in turn
     */
    public CheckedFetcher(List<HttpClient> clients, List<URI> urls, Endpoint endpoint, RequestObserver observer,
                          CpuBurner burner, long cpuMicros) {
        if (clients.isEmpty() || urls.isEmpty()) {
            throw new IllegalArgumentException("a fetcher needs at least one client and one URL");
        }
        this.clients = List.copyOf(clients);
        this.urls = List.copyOf(urls);
        this.endpoint = endpoint;
        this.observer = observer;
        this.burner = burner;
        this.cpuMicros = cpuMicros;
    }

    /** Fetches on the calling thread, which blocks until the response is in. */
    public String fetch() {
        return fetchBlocking((url, failure) -> failed(failure));
    }

    /**
     * Fetches on the calling thread as {@link #fetch()} does, but a request that failed throws, so that a caller that
     * cancels the rest on the first failure (a {@code StructuredTaskScope}) sees it. A request the caller cancelled,
     * by interrupting its thread, is not a failure of the request: it is not counted, and throws as cancelled.
     *
     * @throws FetchFailedException naming the failure, once counted
     * @throws CancellationException when the calling thread was interrupted while the request was out
     */
    public String fetchOrThrow() {
        return fetchBlocking((url, failure) -> {
            if (Thread.currentThread().isInterrupted()) {
                inFlight.decrementAndGet();
                throw new CancellationException("cancelled while waiting for " + url);
            }
            failed(failure);
            throw new FetchFailedException(failure.toString());
        });
    }

    /** One request on the calling thread through the client's blocking call; a failure goes to {@code onFailure}. */
    private String fetchBlocking(BiFunction<URI, Exception, String> onFailure) {
        int request = nextRequest();
        URI url = urls.get(request % urls.size());
        long sentAt = started();
        try {
            return completed(sentAt, url, clients.get(request % clients.size()).get(url));
        } catch (IOException | RuntimeException e) {
            return onFailure.apply(url, e);
        }
    }

    /**
     * Hands the request to the client's non-blocking API and returns at once; the check, the timing and the
     * CPU work run on the client's thread that completes it.
     */
    public CompletableFuture<String> fetchAsync() {
        int request = nextRequest();
        URI url = urls.get(request % urls.size());
        long sentAt = started();
        return clients.get(request % clients.size()).getAsync(url).handle((reply, failure) -> {
            if (failure != null) {
                return failed(failure);
            }
            try {
                return completed(sentAt, url, reply);
            } catch (IOException | RuntimeException e) {
                return failed(e);
            }
        });
    }

    /**
     * The event loop every request of this fetcher runs on: its one client's, made with one loop.
     *
     * @throws IllegalStateException when the fetcher spreads over several clients, or its client has no event loop
     */
    public Executor eventLoop() {
        if (clients.size() != 1) {
            throw new IllegalStateException("one event loop for all requests needs one client, not " + clients.size());
        }
        return clients.get(0).eventLoop().orElseThrow(() ->
                new IllegalStateException("the client has no event loop to run the fan-out on"));
    }

    /**
     * {@code n} requests through the client's own fan-out operator, each checked, timed and followed by its CPU
     * work as {@link #fetchAsync()} does.
     *
     * @throws IllegalStateException when the fetcher spreads over several clients, or its client has no such operator
     */
    public CompletableFuture<List<String>> flatMap(int n) {
        if (clients.size() != 1) {
            throw new IllegalStateException("one fan-out operator needs one client, not " + clients.size());
        }
        return clients.get(0).flatMap(n, i -> fetchAsync()).orElseThrow(() ->
                new IllegalStateException("the client has no fan-out operator of its own"));
    }

    /**
     * Stops waiting for the op's requests, as closing a session does: every request outstanding on every
     * client is cancelled, and one that answers anyway (it had not reached its client yet) counts as failed
     * too, until the next {@link #resetCounters()}.
     */
    public void cancelAll() {
        cancelled = true;
        clients.forEach(HttpClient::cancelAll);
    }

    public FailureTally failures() {
        return failures;
    }

    /** The most requests this fetcher had in flight at once since the last {@link #resetCounters()}. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    /** Starts a new op: clears the failures and the in-flight high-water mark. */
    public void resetCounters() {
        cancelled = false;
        failures.reset();
        maxInFlight.set(inFlight.get());
    }

    /** The number of the next request, which picks its client and its URL; no count is kept when there is one of each. */
    private int nextRequest() {
        return clients.size() == 1 && urls.size() == 1 ? 0 : nextRequest.getAndIncrement() & Integer.MAX_VALUE;
    }

    private long started() {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        return System.nanoTime();
    }

    /** Checks the response; only a correct one is timed and followed by the CPU work. */
    private String completed(long sentAt, URI url, Reply reply) throws IOException {
        if (cancelled) {
            throw new IOException("cancelled: the op stopped waiting for " + url);
        }
        String msg = endpoint.check(url, reply);
        inFlight.decrementAndGet();
        observer.requestDone(sentAt, System.nanoTime());
        burner.burn(cpuMicros);
        return msg;
    }

    private String failed(Throwable e) {
        inFlight.decrementAndGet();
        failures.record(e);
        return null;
    }
}
