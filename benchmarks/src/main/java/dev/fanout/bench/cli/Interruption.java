package dev.fanout.bench.cli;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Ctrl-C or SIGTERM during a run: the JVM runs its shutdown hooks and exits 130 or 143 (128 + the signal), and
 * says nothing. This hook says it in one line and keeps what was measured: it stops the writer, the forks and the
 * server, discards what they staged and no trial merged, and finishes meta.json. The run loop reads {@link #happened()}
 * so that a child killed by the interruption is not blamed for it. A run that ends by itself first calls
 * {@link #runEnded()}, and its own exit then does nothing here.
 *
 * <p>A shutdown hook runs beside the thread it interrupts, which goes on until the JVM halts. A trial in progress
 * starts processes (JMH starts a trial's next fork when one dies) and writes in the forks' temporary folder, so a
 * clean-up that ran while it did would find the folder gone and see it made again, or leave a fork that started
 * after it. The trials therefore run through {@link #stoppable}: the interruption waits for the trial in progress
 * to end, stopping what it starts meanwhile, before it cleans up, and no trial starts after it.
 */
final class Interruption {
    /**
     * How long the interruption waits for the trial in progress to end before it cleans up regardless; a stop under
     * way when it passes finishes first (a process that ignores SIGTERM gets 3 s, then SIGKILL and 3 s more).
     */
    static final Duration PATIENCE = Duration.ofSeconds(20);
    /** How often it stops the run again while it waits: a fork started meanwhile lives about this long. */
    private static final long STOP_EVERY_MS = 100;

    private final Runnable stopTheRun;
    private final Runnable cleanUp;
    private final Duration patience;
    /** Held while a trial runs. */
    private final ReentrantLock trialRunning = new ReentrantLock();
    private volatile boolean happened;
    private volatile boolean ended;

    /**
     * @param stopTheRun stops the recording and ends every process the run started; called until the trial in
     *                   progress has ended
     * @param cleanUp    keeps what was measured, once no trial runs
     * @param patience   how long to wait for the trial in progress to end
     */
    Interruption(Runnable stopTheRun, Runnable cleanUp, Duration patience) {
        this.stopTheRun = stopTheRun;
        this.cleanUp = cleanUp;
        this.patience = patience;
    }

    /** Interrupts the run (stopping it, then cleaning up) if the JVM shuts down before {@link #runEnded()}. */
    static Interruption onShutdown(Runnable stopTheRun, Runnable cleanUp) {
        Interruption interruption = new Interruption(stopTheRun, cleanUp, PATIENCE);
        Runtime.getRuntime().addShutdownHook(new Thread(interruption::interrupt, "interrupted-run"));
        return interruption;
    }

    /**
     * What the shutdown hook does, unless the run ended by itself: from now on no trial starts; the run is stopped
     * until the trial in progress, if any, has ended (or {@code patience} has passed); then the clean-up.
     */
    void interrupt() {
        if (ended) {
            return;
        }
        happened = true;
        long deadline = System.nanoTime() + patience.toNanos();
        try {
            do {
                stopTheRun.run();
            } while (!trialRunning.tryLock(STOP_EVERY_MS, TimeUnit.MILLISECONDS) && System.nanoTime() < deadline);
            if (trialRunning.isHeldByCurrentThread()) {
                trialRunning.unlock(); // a trial that starts now finds the run interrupted
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        cleanUp.run();
    }

    /** {@code runner}, made to run no turn once the run is interrupted and to be waited for by the interruption. */
    RunLoop.TrialRunner stoppable(RunLoop.TrialRunner runner) {
        return turn -> {
            trialRunning.lock();
            try {
                return happened ? List.of() : runner.run(turn);
            } finally {
                trialRunning.unlock();
            }
        };
    }

    /** The run ended by itself: whatever exit follows is not an interruption. */
    void runEnded() {
        ended = true;
    }

    /** Whether the JVM is shutting down in the middle of the run. */
    boolean happened() {
        return happened;
    }
}
