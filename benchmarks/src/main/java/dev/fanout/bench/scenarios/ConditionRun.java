package dev.fanout.bench.scenarios;

import dev.fanout.bench.workload.ClaimFailedException;
import dev.fanout.bench.workload.CheckedFetcher;
import dev.fanout.bench.workload.FanOut;
import dev.fanout.bench.workload.Outcome;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * test7: N waiters wait on one {@code Condition}; each response signals {@code perResponse} of them (the
 * article's {@code notify(2)}), so with 3 requests the first response wakes 2 and a later one the third.
 *
 * <p>A woken waiter must know which response woke it, and a response's own count of "still waiting" cannot
 * tell: a waiter signalled by one response may get the lock only after the next one. So each signal hands
 * out a ticket naming its response, and a waiter that wakes takes one; one that wakes with no ticket there
 * (a spurious wake-up, which {@code Condition} allows) waits again and is counted. The op fails unless
 * every response woke exactly as many waiters as it signalled: min(perResponse, still waiting).
 */
public final class ConditionRun implements FanOut {
    /** The article's {@code notify(2)}. */
    public static final int ARTICLE_WAKES_PER_RESPONSE = 2;

    private final int n;
    private final int perResponse;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    public ConditionRun(int n, int perResponse) {
        this.n = n;
        this.perResponse = perResponse;
    }

    @Override
    public Outcome run(CheckedFetcher fetcher) throws InterruptedException {
        ReentrantLock lock = new ReentrantLock();
        Condition condition = lock.newCondition();
        Queue<Integer> tickets = new ArrayDeque<>();
        int[] signalled = new int[n];
        int[] woke = new int[n];
        int[] state = new int[2];  // [0] waiters still waiting, [1] responses so far; guarded by lock
        int[] spurious = new int[1];
        CountDownLatch ready = new CountDownLatch(n);
        List<Future<Void>> waiters = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            waiters.add(executor.submit(() -> {
                lock.lock();
                try {
                    state[0]++;
                    ready.countDown();
                    condition.await();
                    while (tickets.isEmpty()) {
                        spurious[0]++;
                        condition.await();
                    }
                    woke[tickets.remove()]++;
                } finally {
                    lock.unlock();
                }
                return null;
            }));
        }
        // A signal sent before a waiter waits is lost: start the requests only once every waiter waits. A
        // waiter holds the lock from its count-down until await releases it, so taking the lock once proves it.
        ready.await();
        lock.lock();
        lock.unlock();

        List<Future<String>> requests = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            requests.add(executor.submit(() -> {
                String reply = fetcher.fetch();
                lock.lock();
                try {
                    int response = state[1]++;
                    int wake = Math.min(perResponse, state[0]);
                    for (int w = 0; w < wake; w++) {
                        tickets.add(response);
                        condition.signal();
                    }
                    state[0] -= wake;
                    signalled[response] = wake;
                } finally {
                    lock.unlock();
                }
                return reply;
            }));
        }
        List<String> replies = Tasks.results(requests);
        Tasks.results(waiters);
        check(perResponse, signalled, woke);
        Map<String, Object> observed = new LinkedHashMap<>();
        observed.put("woke_per_response", Arrays.stream(woke).boxed().toList());
        observed.put("spurious_wakeups", spurious[0]);
        return new Outcome(replies, observed);
    }

    /**
     * @param signalled how many waiters each response signalled, in the order the responses came
     * @param woke      how many waiters each response really woke
     * @throws ClaimFailedException when a response woke another number than it signalled, or more than {@code perResponse}
     */
    static void check(int perResponse, int[] signalled, int[] woke) {
        for (int r = 0; r < woke.length; r++) {
            if (woke[r] != signalled[r] || woke[r] > perResponse) {
                throw new ClaimFailedException("condition: response " + r + " woke " + woke[r] + " waiters; it signalled "
                        + signalled[r] + " (notify(" + perResponse + "))");
            }
        }
    }

    @Override
    public String executor() {
        return "a virtual thread per request and per waiter; one Condition of a ReentrantLock, signal() x "
                + perResponse + " per response";
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
