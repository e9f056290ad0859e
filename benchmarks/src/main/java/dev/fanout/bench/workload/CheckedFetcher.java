package dev.fanout.bench.workload;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * One request of a fetch-N: a GET to one endpoint, checked, timed, then the response's CPU work. Both a
 * blocking and a non-blocking form exist because the models differ exactly there; everything else, the
 * client, the check, the timing and the CPU work, is the same for all of them.
 *
 * <p>A failed request is counted in {@link #failures()} and answers {@code null}: it never throws, so the
 * fetch-N it belongs to still waits for all its requests and can report how many failed.
 */
public final class CheckedFetcher {
    private final OkHttpClient client;
    private final Request request;
    private final Endpoint endpoint;
    private final RequestObserver observer;
    private final CpuBurner burner;
    private final long cpuMicros;
    private final FailureTally failures = new FailureTally();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    public CheckedFetcher(OkHttpClient client, Request request, Endpoint endpoint, RequestObserver observer,
                          CpuBurner burner, long cpuMicros) {
        this.client = client;
        this.request = request;
        this.endpoint = endpoint;
        this.observer = observer;
        this.burner = burner;
        this.cpuMicros = cpuMicros;
    }

    /** Fetches on the calling thread, which blocks until the response is in. */
    public String fetch() {
        long sentAt = started();
        try (Response response = client.newCall(request).execute()) {
            return completed(sentAt, response);
        } catch (IOException | RuntimeException e) {
            return failed(e);
        }
    }

    /**
     * Hands the request to OkHttp's {@code enqueue} and returns at once. OkHttp 5 still runs each enqueued
     * call as a blocking call on a thread of its Dispatcher's pool: no thread of the caller waits, but
     * one of OkHttp's does.
     */
    public CompletableFuture<String> fetchAsync() {
        CompletableFuture<String> reply = new CompletableFuture<>();
        long sentAt = started();
        client.newCall(request).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                reply.complete(failed(e));
            }

            @Override
            public void onResponse(Call call, Response response) {
                try (response) {
                    reply.complete(completed(sentAt, response));
                } catch (IOException | RuntimeException e) {
                    reply.complete(failed(e));
                }
            }
        });
        return reply;
    }

    public FailureTally failures() {
        return failures;
    }

    /** The most requests this fetcher had in flight at once since the last {@link #resetCounters()}. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    /** Starts a new fetch-N: clears the failures and the in-flight high-water mark. */
    public void resetCounters() {
        failures.reset();
        maxInFlight.set(inFlight.get());
    }

    private long started() {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        return System.nanoTime();
    }

    /** Checks the response; only a correct one is timed and followed by the CPU work. */
    private String completed(long sentAt, Response response) throws IOException {
        String msg = endpoint.check(response);
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
