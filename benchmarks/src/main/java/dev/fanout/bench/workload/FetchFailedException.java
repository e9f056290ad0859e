package dev.fanout.bench.workload;

/** Thrown when any request of a fetch-N failed: a benchmark must fail loudly, never report a fast time. */
public final class FetchFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FetchFailedException(String message) {
        super(message);
    }
}
