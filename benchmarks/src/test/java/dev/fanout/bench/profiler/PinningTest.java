package dev.fanout.bench.profiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.bench.models.Pinning;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PinningTest {
    private static final int TASKS = 8;

    @Test
    void pinnedCallReturnsTheCallsResultAndRethrowsItsException() throws Exception {
        assertThat(Pinning.pinnedCall(() -> "fetched")).isEqualTo("fetched");
        assertThat(Pinning.pinnedCall(() -> Pinning.pinnedCall(() -> 2) + 1)).isEqualTo(3);
        IOException failure = new IOException("connection reset");
        assertThatThrownBy(() -> Pinning.pinnedCall(() -> {
            throw failure;
        })).isSameAs(failure);
    }

    @Test
    void synchronizedCallReturnsTheCallsResult() throws Exception {
        assertThat(Pinning.synchronizedCall(() -> 42)).isEqualTo(42);
    }

    @Test
    void pinnedCallPinsEveryVirtualThreadThatBlocksInIt() throws Exception {
        VirtualThreadEvents.Counts counts = recordWhileVirtualThreadsRun(() -> Pinning.pinnedCall(PinningTest::block));

        assertThat(counts.pinned()).isGreaterThanOrEqualTo(TASKS);
        assertThat(counts.pinnedStacks().keySet())
                .allSatisfy(stack -> assertThat(stack.frames()).anyMatch(frame -> frame.contains("Pinning.pinnedCall")));
    }

    @Test
    void synchronizedCallPinsOnlyWhereMonitorsStillPin() throws Exception {
        VirtualThreadEvents.Counts counts = recordWhileVirtualThreadsRun(() -> Pinning.synchronizedCall(PinningTest::block));

        if (Pinning.monitorsPin()) {
            assertThat(counts.pinned()).isGreaterThanOrEqualTo(TASKS);
        } else {
            assertNoPinWhileBlocking(counts);
        }
    }

    @Test
    void plainBlockingOnVirtualThreadsDoesNotPin() throws Exception {
        VirtualThreadEvents.Counts counts = recordWhileVirtualThreadsRun(PinningTest::block);

        assertNoPinWhileBlocking(counts);
        assertThat(counts.started()).isGreaterThanOrEqualTo(TASKS);
    }

    private static Integer block() throws InterruptedException {
        Thread.sleep(5);
        return 1;
    }

    /**
     * No pinned stack passes through {@link #block()}. Not "no pin at all": the recording itself can
     * pin a virtual thread for a moment outside the workload (seen once: the first commit of a JFR
     * {@code VirtualThreadStartEvent} in {@code VirtualThread.run}), and that says nothing about blocking.
     */
    private static void assertNoPinWhileBlocking(VirtualThreadEvents.Counts counts) {
        assertThat(counts.pinnedStacks().keySet())
                .noneSatisfy(stack -> assertThat(stack.frames()).anyMatch(frame -> frame.contains("PinningTest.block")));
    }

    /**
     * Runs the fan-out once unrecorded first, like a benchmark's warmup: a virtual thread that loads or
     * initialises a class the first time may legitimately pin while it waits for another doing the same.
     */
    private static VirtualThreadEvents.Counts recordWhileVirtualThreadsRun(Callable<Integer> task) throws Exception {
        fanOut(task);
        VirtualThreadEvents events = VirtualThreadEvents.open(true, true);
        Instant from = Instant.now();
        List<Future<Integer>> results = fanOut(task);
        VirtualThreadEvents.Counts counts = events.close(List.of(new VirtualThreadEvents.Window(from, Instant.now())));
        for (Future<Integer> result : results) {
            assertThat(result.get()).isEqualTo(1);
        }
        return counts;
    }

    /** The stream runs for a whole fork; what happened between the measured windows (a warm-up) is not counted. */
    @Test
    void onlyTheMeasuredWindowsAreCounted() throws Exception {
        fanOut(() -> Pinning.pinnedCall(PinningTest::block));
        VirtualThreadEvents events = VirtualThreadEvents.open(true, true);
        fanOut(() -> Pinning.pinnedCall(PinningTest::block));
        Instant from = Instant.now();
        fanOut(PinningTest::block);
        Instant to = Instant.now();
        fanOut(() -> Pinning.pinnedCall(PinningTest::block));

        VirtualThreadEvents.Counts counts = events.close(List.of(new VirtualThreadEvents.Window(from, to)));

        assertThat(counts.pinnedStacks().keySet())
                .noneSatisfy(stack -> assertThat(stack.frames()).anyMatch(frame -> frame.contains("Pinning.pinnedCall")));
        assertThat(counts.started()).as("virtual threads started in the window only").isEqualTo(TASKS);
    }

    private static List<Future<Integer>> fanOut(Callable<Integer> task) {
        List<Future<Integer>> results = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < TASKS; i++) {
                results.add(executor.submit(task));
            }
        }
        return results;
    }
}
