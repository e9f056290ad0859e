package dev.fanout.bench.profiler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingStream;

/**
 * JFR virtual-thread events, streamed in-process for the whole of a fork's benchmark: pinned parks (with their
 * stacks) and, optionally, virtual-thread starts, each kept with the moment it began, and counted at the end
 * within the windows that were measured.
 *
 * <p>One stream for the whole fork, not one per iteration: starting a stream costs about 0.8 s, and the JIT's work
 * on JFR's code after each start went on into the measured ops (over 100 ms of compiler CPU per op). Started
 * before the benchmark's own warm-up, it is warm by the time anything is measured.
 *
 * <p>The stream is dispatched on a platform thread of ours rather than through {@code startAsync()}, so that
 * the profiler knows the dispatcher's thread id and can keep its CPU time and allocations out of the
 * benchmark's per-op costs. {@link #open} returns only once the recording runs, so no event is lost to a race
 * with the dispatcher's start.
 */
final class VirtualThreadEvents {
    static final String PINNED = "jdk.VirtualThreadPinned";
    static final String STARTED = "jdk.VirtualThreadStart";

    private static final long START_TIMEOUT_SECONDS = 30;
    // Hidden classes of lambdas carry their address: drop it so that one call site is one frame.
    private static final Pattern LAMBDA_ADDRESS = Pattern.compile("\\$\\$Lambda[./][0-9a-fx]+");

    private final RecordingStream stream = new RecordingStream();
    private final Thread dispatcher;
    private final CountDownLatch running = new CountDownLatch(1);
    private final Queue<Pinned> pinned = new ConcurrentLinkedQueue<>();
    private final Queue<Instant> started = new ConcurrentLinkedQueue<>();
    private volatile Throwable failure;

    private VirtualThreadEvents(boolean countPinned, boolean countStarts) {
        if (countPinned) {
            // JDK's default threshold is 20 ms: a pinned park shorter than that would go uncounted.
            stream.enable(PINNED).withThreshold(Duration.ZERO).withStackTrace();
            stream.onEvent(PINNED, event -> pinned.add(new Pinned(event.getStartTime(), PinnedStack.of(event))));
        }
        if (countStarts) {
            stream.enable(STARTED).withoutStackTrace();
            stream.onEvent(STARTED, event -> started.add(event.getStartTime()));
        }
        dispatcher = new Thread(this::dispatch, "fanout-footprint-jfr");
        dispatcher.setDaemon(true);
    }

    /** Starts a recording of the chosen events and returns once it is running. */
    static VirtualThreadEvents open(boolean countPinned, boolean countStarts) {
        VirtualThreadEvents events = new VirtualThreadEvents(countPinned, countStarts);
        FlightRecorderListener onRunning = new FlightRecorderListener() {
            @Override
            public void recordingStateChanged(Recording recording) {
                // Listeners run on the thread that changed the state: the dispatcher, inside start().
                if (Thread.currentThread() == events.dispatcher && recording.getState() == RecordingState.RUNNING) {
                    events.running.countDown();
                }
            }
        };
        FlightRecorder.addListener(onRunning);
        try {
            events.dispatcher.start();
            if (!events.running.await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                events.stream.close();
                throw new IllegalStateException("JFR recording did not start within " + START_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            events.stream.close();
            throw new IllegalStateException("interrupted while starting JFR", e);
        } finally {
            FlightRecorder.removeListener(onRunning);
        }
        if (events.failure != null) {
            throw new IllegalStateException("JFR recording failed to start", events.failure);
        }
        return events;
    }

    private void dispatch() {
        try {
            stream.start();
        } catch (Throwable t) {
            failure = t;
        } finally {
            running.countDown();
        }
    }

    long dispatcherThreadId() {
        return dispatcher.threadId();
    }

    /**
     * Stops the recording once every event in it has been dispatched, and counts the events that began within
     * any of {@code measured}.
     */
    Counts close(List<Window> measured) {
        stream.stop();
        stream.close();
        Map<PinnedStack, Long> pinnedStacks = new HashMap<>();
        pinned.stream().filter(event -> Window.anyHolds(measured, event.at()))
                .forEach(event -> pinnedStacks.merge(event.stack(), 1L, Long::sum));
        long pinnedCount = pinnedStacks.values().stream().mapToLong(Long::longValue).sum();
        long startedCount = started.stream().filter(at -> Window.anyHolds(measured, at)).count();
        return new Counts(pinnedCount, startedCount, Map.copyOf(pinnedStacks));
    }

    /** A stretch of wall-clock time, from its start up to, not including, its end. */
    record Window(Instant from, Instant to) {
        static boolean anyHolds(List<Window> windows, Instant at) {
            return windows.stream().anyMatch(w -> !at.isBefore(w.from) && at.isBefore(w.to));
        }
    }

    private record Pinned(Instant at, PinnedStack stack) {
    }

    record Counts(long pinned, long started, Map<PinnedStack, Long> pinnedStacks) {
    }

    /**
     * A pinned park's stack, innermost frame first, as {@code class.method:line}, with the JDK's reason
     * for the pinning where it records one (the {@code pinnedReason} field, JDK 24 onwards).
     */
    record PinnedStack(String reason, List<String> frames, boolean truncated) {
        static PinnedStack of(RecordedEvent event) {
            Object reason = event.hasField("pinnedReason") ? event.getValue("pinnedReason") : "";
            RecordedStackTrace trace = event.getStackTrace();
            if (trace == null) {
                return new PinnedStack(String.valueOf(reason), List.of(), true);
            }
            List<String> frames = new ArrayList<>(trace.getFrames().size());
            for (RecordedFrame frame : trace.getFrames()) {
                String type = LAMBDA_ADDRESS.matcher(frame.getMethod().getType().getName()).replaceFirst("\\$\\$Lambda");
                frames.add(type + "." + frame.getMethod().getName() + ":" + frame.getLineNumber());
            }
            return new PinnedStack(String.valueOf(reason), List.copyOf(frames), trace.isTruncated());
        }
    }
}
