package dev.fanout.bench.workload;

/**
 * Thrown when a scenario saw something its primitive promises cannot happen ("lock: 2 requests were in
 * flight at once"): the benchmark must fail loudly rather than report the time of a broken run.
 */
public final class ClaimFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ClaimFailedException(String message) {
        super(message);
    }
}
