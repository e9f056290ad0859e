package dev.fanout.server;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;

/**
 * The delayed responses waiting on one XNIO I/O thread, earliest deadline first, behind a single
 * XNIO timer: the thread's own timer queue is touched only when the earliest deadline changes.
 * <p>
 * Why not one XNIO timer per request: XNIO keeps its timers in a {@code TreeSet} under a lock, and
 * each one allocates a key, a tree entry and a number from a counter shared by all I/O threads; at
 * thousands of waiting requests that is a tree of thousands of nodes rebalanced twice per request.
 * Here a request is an entry in a binary heap (an array, nothing allocated), and a request that
 * arrives after others with the same delay (a benchmark's usual load) goes to the bottom of the
 * heap at once. Removal (a client that resets mid-delay) is O(log n) through the index each
 * response keeps.
 * <p>
 * Never early: a response is fired only once {@link System#nanoTime()} has passed its deadline;
 * the XNIO timer has millisecond resolution and is rounded up, and if it ever fires before the
 * earliest deadline the queue simply waits again. Confined to its I/O thread, like everything a
 * request touches, so nothing here is synchronized.
 */
final class DelayQueue implements Runnable {

    /** What waits in the queue. */
    interface Entry {
        long deadlineNanos();

        /** Position in the heap, kept by the queue; -1 when not queued. */
        int queueIndex();

        void queueIndex(int index);

        /** The deadline has passed: called once, on the queue's thread, after the entry has left the queue. */
        void expired();
    }

    private final XnioIoThread thread;
    private Entry[] heap = new Entry[64];
    /** {@code deadlines[i]} is {@code heap[i].deadlineNanos()}: sifting compares these, not the entries, which are cold in cache. */
    private long[] deadlines = new long[64];
    private int size;
    /** The XNIO timer that will run {@link #run()}, or null. */
    private XnioExecutor.Key wakeUp;
    /** The earliest instant {@link #wakeUp} can fire; it may fire later. */
    private long wakeUpNanos;

    DelayQueue(XnioIoThread thread) {
        this.thread = thread;
    }

    /** One queue per I/O thread of a worker, indexed by {@link XnioIoThread#getNumber()}. */
    static DelayQueue[] perThread(int ioThreads) {
        return new DelayQueue[ioThreads];
    }

    /** The queue of {@code thread} in {@code queues}, created on first use (on that thread, so without a race). */
    static DelayQueue of(DelayQueue[] queues, XnioIoThread thread) {
        DelayQueue queue = queues[thread.getNumber()];
        if (queue == null) {
            queue = new DelayQueue(thread);
            queues[thread.getNumber()] = queue;
        }
        return queue;
    }

    int size() {
        return size;
    }

    /** Queues {@code entry} until its deadline; called on this queue's thread. */
    void add(Entry entry) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
            deadlines = Arrays.copyOf(deadlines, size * 2);
        }
        siftUp(size++, entry, entry.deadlineNanos());
        if (heap[0] == entry) {
            wakeUpBy(entry.deadlineNanos());
        }
    }

    /** Takes {@code entry} out of the queue if it is there; it will not expire. */
    void remove(Entry entry) {
        int index = entry.queueIndex();
        if (index < 0 || index >= size || heap[index] != entry) {
            return;
        }
        entry.queueIndex(-1);
        Entry last = heap[--size];
        long lastDeadline = deadlines[size];
        heap[size] = null;
        if (index < size) {
            siftDown(index, last, lastDeadline);
            if (heap[index] == last) {
                siftUp(index, last, lastDeadline);
            }
        }
        // A wake-up left with nothing to do finds nothing due and sets the next one: cheaper than moving it now.
    }

    /** The XNIO timer: expires every entry whose deadline has passed, then sets the next wake-up. */
    @Override
    public void run() {
        wakeUp = null;
        long now = System.nanoTime();
        while (size > 0 && deadlines[0] - now <= 0) {
            Entry due = heap[0];
            remove(due);
            due.expired();
        }
        if (size > 0) {
            wakeUpBy(deadlines[0]);
        }
    }

    /** Makes sure {@link #run()} runs at or after {@code deadlineNanos}, and not long after. */
    private void wakeUpBy(long deadlineNanos) {
        if (wakeUp != null) {
            if (wakeUpNanos - deadlineNanos <= 0) {
                return;
            }
            wakeUp.remove();
        }
        long now = System.nanoTime();
        // Round up: XNIO counts whole milliseconds from now, and firing early would only mean waking again.
        long millis = Math.max(1, (deadlineNanos - now + 999_999) / 1_000_000);
        wakeUpNanos = now + TimeUnit.MILLISECONDS.toNanos(millis);
        wakeUp = thread.executeAfter(this, millis, TimeUnit.MILLISECONDS);
    }

    /** Puts {@code entry}, due at {@code deadline}, at {@code index} or above it. */
    private void siftUp(int index, Entry entry, long deadline) {
        while (index > 0) {
            int parent = (index - 1) >>> 1;
            if (deadline - deadlines[parent] >= 0) {
                break;
            }
            place(index, heap[parent], deadlines[parent]);
            index = parent;
        }
        place(index, entry, deadline);
    }

    /** Puts {@code entry}, due at {@code deadline}, at {@code index} or below it. */
    private void siftDown(int index, Entry entry, long deadline) {
        int half = size >>> 1;
        while (index < half) {
            int child = 2 * index + 1;
            int right = child + 1;
            if (right < size && deadlines[right] - deadlines[child] < 0) {
                child = right;
            }
            if (deadline - deadlines[child] <= 0) {
                break;
            }
            place(index, heap[child], deadlines[child]);
            index = child;
        }
        place(index, entry, deadline);
    }

    private void place(int index, Entry entry, long deadline) {
        heap[index] = entry;
        deadlines[index] = deadline;
        entry.queueIndex(index);
    }
}
