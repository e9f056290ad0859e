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
        }
        heap[size] = entry;
        entry.queueIndex(size);
        siftUp(size++);
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
        heap[size] = null;
        if (index < size) {
            heap[index] = last;
            last.queueIndex(index);
            siftDown(index);
            if (heap[index] == last) {
                siftUp(index);
            }
        }
        // A wake-up left with nothing to do finds nothing due and sets the next one: cheaper than moving it now.
    }

    /** The XNIO timer: expires every entry whose deadline has passed, then sets the next wake-up. */
    @Override
    public void run() {
        wakeUp = null;
        long now = System.nanoTime();
        while (size > 0 && heap[0].deadlineNanos() - now <= 0) {
            Entry due = heap[0];
            remove(due);
            due.expired();
        }
        if (size > 0) {
            wakeUpBy(heap[0].deadlineNanos());
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

    private void siftUp(int index) {
        Entry entry = heap[index];
        long deadline = entry.deadlineNanos();
        while (index > 0) {
            int parent = (index - 1) >>> 1;
            Entry above = heap[parent];
            if (deadline - above.deadlineNanos() >= 0) {
                break;
            }
            heap[index] = above;
            above.queueIndex(index);
            index = parent;
        }
        heap[index] = entry;
        entry.queueIndex(index);
    }

    private void siftDown(int index) {
        Entry entry = heap[index];
        long deadline = entry.deadlineNanos();
        int half = size >>> 1;
        while (index < half) {
            int child = 2 * index + 1;
            Entry smaller = heap[child];
            int right = child + 1;
            if (right < size && heap[right].deadlineNanos() - smaller.deadlineNanos() < 0) {
                child = right;
                smaller = heap[child];
            }
            if (deadline - smaller.deadlineNanos() <= 0) {
                break;
            }
            heap[index] = smaller;
            smaller.queueIndex(index);
            index = child;
        }
        heap[index] = entry;
        entry.queueIndex(index);
    }
}
