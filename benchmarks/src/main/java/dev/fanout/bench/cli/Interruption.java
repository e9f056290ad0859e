package dev.fanout.bench.cli;

/**
 * Ctrl-C or SIGTERM during a run: the JVM runs its shutdown hooks and exits 130 or 143 (128 + the signal), and
 * says nothing. This hook says it in one line and keeps what was measured: it stops the forks and the server,
 * discards what they staged and no trial merged, and finishes meta.json. The run loop reads {@link #happened()}
 * so that a child killed by the interruption is not blamed for it. A run that ends by itself first calls
 * {@link #runEnded()}, and its own exit then does nothing here.
 */
final class Interruption {
    private volatile boolean happened;
    private volatile boolean ended;

    private Interruption() {
    }

    /** Runs {@code cleanUp} if the JVM shuts down before {@link #runEnded()}. */
    static Interruption onShutdown(Runnable cleanUp) {
        Interruption interruption = new Interruption();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!interruption.ended) {
                interruption.happened = true;
                cleanUp.run();
            }
        }, "interrupted-run"));
        return interruption;
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
