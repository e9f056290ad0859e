package dev.fanout.server;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.xnio.XnioIoThread;

/**
 * Reports refused connections on stderr, one line per second at most, however many there were: a
 * flood of thousands must neither go unmentioned nor bury the log. The first refusal after a quiet
 * spell opens a one-second window; when it closes, one line gives the count.
 */
final class RefusalLog implements Runnable {

    static final long WINDOW_MS = 1_000;

    private final PrintStream out;
    private final int maxConnections;
    private final AtomicLong refusedInWindow = new AtomicLong();
    private final AtomicBoolean windowOpen = new AtomicBoolean();

    RefusalLog(PrintStream out, int maxConnections) {
        this.out = out;
        this.maxConnections = maxConnections;
    }

    /** Counts one refusal; {@code thread} runs the window's timer. */
    void refused(XnioIoThread thread) {
        refusedInWindow.incrementAndGet();
        if (windowOpen.compareAndSet(false, true)) {
            thread.executeAfter(this, WINDOW_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** The window closes. */
    @Override
    public void run() {
        // Close the window before taking the count: a refusal in between opens the next window and
        // is counted here, so none is lost, and that window may then report nothing.
        windowOpen.set(false);
        long refused = refusedInWindow.getAndSet(0);
        if (refused > 0) {
            out.println("stub-server: refused " + refused + (refused == 1 ? " connection" : " connections")
                    + " in the last " + WINDOW_MS + " ms with 503: " + maxConnections + " already served (--max-connections)");
        }
    }
}
