package dev.fanout.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.bench.recording.SummaryRow;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What an interruption does with the trial in progress: it waits for it to end, stopping the children it starts
 * meanwhile (as JMH starts a trial's next fork when one dies), cleans up only after it, and lets no trial start
 * later; a trial that never ends delays the clean-up by the patience only. The hook itself is {@link
 * Interruption#interrupt}, called here from the test's thread as the JVM would from its own.
 */
class InterruptionTest {
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final AtomicInteger stops = new AtomicInteger();
    /** Counts down each time the children are stopped. */
    private volatile CountDownLatch stopped = new CountDownLatch(1);

    private Interruption interruption(Duration patience) {
        return new Interruption(() -> {
            stops.incrementAndGet();
            stopped.countDown();
        }, () -> events.add("clean-up"), patience);
    }

    /** A trial's wait, which the runner's signature lets throw no InterruptedException. */
    private static boolean await(CountDownLatch latch, long seconds) {
        try {
            return latch.await(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theCleanUpWaitsForTheTrialInProgressAndStopsWhatItStartsMeanwhile() throws Exception {
        Interruption interruption = interruption(Interruption.PATIENCE);
        CountDownLatch started = new CountDownLatch(1);
        RunLoop.TrialRunner trial = interruption.stoppable(turn -> {
            events.add("trial started");
            started.countDown();
            CountDownLatch firstStop = stopped;
            await(firstStop, 10);
            stopped = new CountDownLatch(1);
            events.add("next fork started"); // what JMH does when a trial's fork dies
            assertThat(await(stopped, 10)).as("the fork started after the first stop is stopped").isTrue();
            events.add("trial ended");
            return List.of();
        });
        CompletableFuture<List<SummaryRow>> running = CompletableFuture.supplyAsync(() -> {
            try {
                return trial.run(null);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        started.await();

        interruption.interrupt();

        assertThat(running.get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(events).containsExactly("trial started", "next fork started", "trial ended", "clean-up");
        assertThat(stops).hasValueGreaterThanOrEqualTo(2);
        assertThat(interruption.happened()).isTrue();
    }

    @Test
    void noTrialStartsAfterTheInterruption() throws Exception {
        Interruption interruption = interruption(Interruption.PATIENCE);

        interruption.interrupt();
        List<SummaryRow> rows = interruption.stoppable(turn -> {
            events.add("trial started");
            return List.of();
        }).run(null);

        assertThat(rows).isEmpty();
        assertThat(events).containsExactly("clean-up");
        assertThat(stops).hasValue(1);
    }

    @Test
    void aTrialThatNeverEndsDelaysTheCleanUpByThePatienceOnly() throws Exception {
        Interruption interruption = interruption(Duration.ofMillis(300));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        Thread stuck = Thread.ofPlatform().daemon().start(() -> {
            try {
                interruption.stoppable(turn -> {
                    started.countDown();
                    await(never, 60);
                    return List.of();
                }).run(null);
            } catch (Exception e) {
                // the test's end interrupts it
            }
        });
        started.await();

        interruption.interrupt();

        assertThat(events).containsExactly("clean-up");
        assertThat(stops).hasValueGreaterThan(1);
        stuck.interrupt();
    }

    @Test
    void aRunThatEndedByItselfIsNotInterrupted() {
        Interruption interruption = interruption(Interruption.PATIENCE);

        interruption.runEnded();
        interruption.interrupt();

        assertThat(interruption.happened()).isFalse();
        assertThat(events).isEmpty();
        assertThat(stops).hasValue(0);
    }
}
