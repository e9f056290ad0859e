package dev.fanout.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;

/** The per-thread queue behind every delayed response: each entry once, never early, none removed, on its thread. */
class DelayQueueTest {

    private XnioWorker worker;
    private XnioIoThread thread;
    private DelayQueue queue;

    @BeforeEach
    void start() throws Exception {
        worker = Xnio.getInstance(DelayQueueTest.class.getClassLoader())
                .createWorker(OptionMap.builder().set(Options.WORKER_IO_THREADS, 1).getMap());
        thread = worker.getIoThread(0);
        queue = new DelayQueue(thread);
    }

    @AfterEach
    void stop() throws InterruptedException {
        worker.shutdownNow();
        worker.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** An entry that records when it expired, and on which thread. */
    private static final class Timed implements DelayQueue.Entry {
        final long deadlineNanos;
        final CompletableFuture<Long> expiredAt = new CompletableFuture<>();
        Thread expiredOn;
        int index = -1;
        int expiries;

        Timed(long deadlineNanos) {
            this.deadlineNanos = deadlineNanos;
        }

        @Override
        public long deadlineNanos() {
            return deadlineNanos;
        }

        @Override
        public int queueIndex() {
            return index;
        }

        @Override
        public void queueIndex(int index) {
            this.index = index;
        }

        @Override
        public void expired() {
            expiries++;
            expiredOn = Thread.currentThread();
            expiredAt.complete(System.nanoTime());
        }
    }

    private void onThread(Runnable action) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        thread.execute(() -> {
            try {
                action.run();
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        done.get(10, TimeUnit.SECONDS);
    }

    @Test
    void everyEntryExpiresOnceOnItsThreadNeverBeforeItsDeadline() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        List<Timed> entries = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 2_000; i++) {
            // Out of order, with ties, as random delays arrive.
            entries.add(new Timed(start + TimeUnit.MILLISECONDS.toNanos(20 + random.nextInt(200))));
        }
        onThread(() -> entries.forEach(queue::add));
        for (Timed entry : entries) {
            long at = entry.expiredAt.get(10, TimeUnit.SECONDS);
            assertThat(at).as("expired at or after its deadline").isGreaterThanOrEqualTo(entry.deadlineNanos);
            assertThat(entry.expiredOn).isSameAs(thread);
        }
        onThread(() -> assertThat(queue.size()).isZero());
        assertThat(entries).allSatisfy(entry -> {
            assertThat(entry.expiries).isEqualTo(1);
            assertThat(entry.index).isEqualTo(-1);
        });
    }

    @Test
    void aRemovedEntryNeverExpiresAndTheOthersStillDo() throws Exception {
        long start = System.nanoTime();
        List<Timed> entries = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            entries.add(new Timed(start + TimeUnit.MILLISECONDS.toNanos(50 + (i * 37) % 100)));
        }
        List<Timed> removed = new ArrayList<>();
        List<Timed> kept = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            (i % 3 == 0 ? removed : kept).add(entries.get(i));
        }
        onThread(() -> {
            entries.forEach(queue::add);
            // The earliest one too, so the queue's wake-up outlives the entry it was set for.
            removed.forEach(queue::remove);
            removed.forEach(queue::remove);
            assertThat(queue.size()).isEqualTo(kept.size());
        });
        for (Timed entry : kept) {
            assertThat(entry.expiredAt.get(10, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(entry.deadlineNanos);
        }
        Thread.sleep(50);
        assertThat(removed).allSatisfy(entry -> assertThat(entry.expiries).isZero());
    }

    @Test
    void anEarlierEntryAddedLaterIsNotHeldBackByTheWakeUpOfALaterOne() throws Exception {
        long start = System.nanoTime();
        Timed late = new Timed(start + TimeUnit.SECONDS.toNanos(5));
        Timed early = new Timed(start + TimeUnit.MILLISECONDS.toNanos(30));
        onThread(() -> queue.add(late));
        onThread(() -> queue.add(early));
        long at = early.expiredAt.get(2, TimeUnit.SECONDS);
        assertThat(at).isGreaterThanOrEqualTo(early.deadlineNanos);
        assertThat(late.expiries).isZero();
    }
}
