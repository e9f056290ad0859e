package dev.fanout.bench.scenarios;

import dev.fanout.bench.workload.ClaimFailedException;
import dev.fanout.bench.workload.CheckedFetcher;
import dev.fanout.bench.workload.FanOut;
import dev.fanout.bench.workload.Outcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * test6: every request goes to {@code /random}; a response above 0.5 sets the "big" event, the others the
 * "small" one, and two waiters on each are released when theirs is set. An event is a
 * {@code CountDownLatch(1)}: set once, and then every waiter passes, as {@code asyncio.Event}. An event no
 * response set is set once all responses are in, as the article's {@code main} does.
 *
 * <p>It reports when each response came, when each event was set and by what, and when each waiter woke,
 * in ms from the op's start; it fails if a waiter woke before its own event was set.
 */
public final class EventRun implements FanOut {
    static final int WAITERS_PER_EVENT = 2;
    private static final double BIG_ABOVE = 0.5;

    private final int n;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    public EventRun(int n) {
        this.n = n;
    }

    /** One event: the latch, and when and by what it was first set. */
    private static final class Event {
        final String name;
        final CountDownLatch latch = new CountDownLatch(1);
        long setAt;
        String setBy;

        Event(String name) {
            this.name = name;
        }

        /** Sets the event unless already set; the time is taken before waiters can pass. */
        synchronized void set(long at, String by) {
            if (setBy == null) {
                setAt = at;
                setBy = by;
                latch.countDown();
            }
        }

        synchronized long setAt() {
            return setBy == null ? 0 : setAt;
        }
    }

    @Override
    public Outcome run(CheckedFetcher fetcher) throws InterruptedException {
        Event big = new Event("big");
        Event small = new Event("small");
        long start = System.nanoTime();
        List<Event> waitedOn = new ArrayList<>();
        List<Future<Long>> waiters = new ArrayList<>();
        for (Event event : List.of(big, small)) {
            for (int i = 0; i < WAITERS_PER_EVENT; i++) {
                waitedOn.add(event);
                waiters.add(executor.submit(() -> {
                    event.latch.await();
                    return System.nanoTime();
                }));
            }
        }
        long[] respondedAt = new long[n];
        String[] values = new String[n];
        List<Future<String>> requests = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int index = i;
            requests.add(executor.submit(() -> {
                String reply = fetcher.fetch();
                long at = System.nanoTime();
                respondedAt[index] = at;
                values[index] = reply;
                if (reply != null) {
                    Event event = Double.parseDouble(reply) > BIG_ABOVE ? big : small;
                    event.set(at, "response " + index + " (" + reply + ")");
                }
                return reply;
            }));
        }
        List<String> replies = Tasks.results(requests);
        long allIn = System.nanoTime();
        big.set(allIn, "all responses in");
        small.set(allIn, "all responses in");
        List<Long> wokeAt = Tasks.results(waiters);

        Map<String, Object> observed = new LinkedHashMap<>();
        List<Map<String, Object>> responses = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            responses.add(Map.of("ms", Tasks.millisSince(start, respondedAt[i]), "msg", String.valueOf(values[i])));
        }
        observed.put("responses", responses);
        for (Event event : List.of(big, small)) {
            observed.put(event.name, Map.of("set_ms", Tasks.millisSince(start, event.setAt()), "set_by", event.setBy));
        }
        List<Map<String, Object>> woke = new ArrayList<>();
        for (int i = 0; i < waiters.size(); i++) {
            Event event = waitedOn.get(i);
            long setAt = event.setAt();
            if (setAt == 0 || wokeAt.get(i) < setAt) {
                throw new ClaimFailedException("event: a waiter on '" + event.name + "' woke before its event was set");
            }
            woke.add(Map.of("event", event.name, "woke_ms", Tasks.millisSince(start, wokeAt.get(i)),
                    "after_set_ms", Tasks.millisSince(setAt, wokeAt.get(i))));
        }
        observed.put("waiters", woke);
        return new Outcome(replies, observed);
    }

    @Override
    public String executor() {
        return "a virtual thread per request and per waiter; events are CountDownLatch(1)";
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
