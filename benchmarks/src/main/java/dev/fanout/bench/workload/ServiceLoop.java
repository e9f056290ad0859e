package dev.fanout.bench.workload;

import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;

/**
 * Service mode's open loop: fan-outs arrive on a schedule fixed in advance, and each starts at its time on its own
 * handler whether or not the earlier ones are done, so the scheduler never waits for a model. Every arrival is
 * timed from when it <em>should</em> have started (its response time, free of coordinated omission: a model that
 * stalls makes the arrivals behind it wait, and that wait is counted) and from when it did start (its service
 * time), as wrk2 and real-logic's LoadTestRig do.
 *
 * <p>The clock and the handlers' executor are passed in, so the loop's accounting is tested without real time.
 */
public final class ServiceLoop {
    /** An arrival that starts more than this after its intended time counts as late. */
    public static final long LATE_NANOS = 1_000_000;

    /** Time as the loop reads and waits for it. */
    public interface Clock {
        /** The system's monotonic clock; waits by parking, then re-reading it. */
        Clock SYSTEM = new Clock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleepUntil(long deadlineNanos) throws InterruptedException {
                for (long left = deadlineNanos - System.nanoTime(); left > 0; left = deadlineNanos - System.nanoTime()) {
                    LockSupport.parkNanos(left);
                    if (Thread.interrupted()) {
                        throw new InterruptedException("interrupted while waiting for the next arrival");
                    }
                }
            }
        };

        long nanoTime();

        /** Returns once {@link #nanoTime()} has reached {@code deadlineNanos}, at once if it has. */
        void sleepUntil(long deadlineNanos) throws InterruptedException;
    }

    /** Where each arrival's times go, from the thread that handled it. */
    @FunctionalInterface
    public interface ArrivalObserver {
        /** Ignores every arrival: for runs with recording off. */
        ArrivalObserver NONE = (intendedNanos, startedNanos, doneNanos) -> { };

        void arrivalDone(long intendedNanos, long startedNanos, long doneNanos);
    }

    /**
     * What one window of arrivals did.
     *
     * @param arrivals       fan-outs started: every arrival whose intended start fell within the window
     * @param late           arrivals that started more than {@link #LATE_NANOS} after their intended time
     * @param failedRequests requests that failed or were lost, over every arrival
     * @param firstFailure   what the first failed arrival said, or null
     * @param dispatchNanos  from the window's start until the last arrival was handed out, at least the window: longer
     *                       only when the scheduler itself fell behind
     */
    public record Window(long arrivals, long late, long failedRequests, String firstFailure, long dispatchNanos) {
        /** Arrivals started a second. */
        public double achievedRate() {
            return arrivals * 1e9 / dispatchNanos;
        }
    }

    private final Clock clock;
    private final Executor handlers;

    /**
     * @param handlers runs each arrival's fan-out; it must not make the caller wait (a virtual thread per arrival),
     *                 except in a test that means to stall the scheduler
     */
    public ServiceLoop(Clock clock, Executor handlers) {
        this.clock = clock;
        this.handlers = handlers;
    }

    /**
     * The loop a service trial runs, and the scheduler check measures: the system's clock, and a virtual thread per
     * arrival, so that the scheduler never waits for a model.
     */
    public static ServiceLoop onVirtualThreads() {
        return new ServiceLoop(Clock.SYSTEM, arrival -> Thread.ofVirtual().name("arrival").start(arrival));
    }

    /**
     * Starts every arrival of {@code schedule} that falls within {@code windowNanos} of now, each one fan-out through
     * {@code fanOut}, then waits until all of them are done.
     */
    public Window run(ArrivalSchedule schedule, long windowNanos, FanOut fanOut, CheckedFetcher fetcher,
                      ArrivalObserver observer) throws InterruptedException {
        Tally tally = new Tally();
        long start = clock.nanoTime();
        long arrivals = 0;
        for (long offset = schedule.next(); offset < windowNanos; offset = schedule.next()) {
            long intended = start + offset;
            clock.sleepUntil(intended);
            tally.started();
            handlers.execute(() -> handle(intended, fanOut, fetcher, observer, tally));
            arrivals++;
        }
        long dispatchNanos = Math.max(windowNanos, clock.nanoTime() - start);
        tally.awaitAll();
        return tally.window(arrivals, dispatchNanos);
    }

    private void handle(long intended, FanOut fanOut, CheckedFetcher fetcher, ArrivalObserver observer, Tally tally) {
        long started = clock.nanoTime();
        int failed;
        String failure = null;
        try {
            Outcome outcome = fanOut.run(fetcher);
            failed = outcome.lost() + (int) outcome.replies().stream().filter(reply -> reply == null).count();
            if (failed > 0) {
                failure = fetcher.failures().first();
            }
        } catch (InterruptedException | RuntimeException e) {
            failed = 1;
            failure = e.toString();
        }
        long done = clock.nanoTime();
        observer.arrivalDone(intended, started, done);
        tally.done(started - intended > LATE_NANOS, failed, failure);
    }

    /** The arrivals still running and what the finished ones counted, shared by the handlers. */
    private static final class Tally {
        private long running;
        private long late;
        private long failedRequests;
        private String firstFailure;

        synchronized void started() {
            running++;
        }

        synchronized void done(boolean wasLate, int failed, String failure) {
            if (wasLate) {
                late++;
            }
            failedRequests += failed;
            if (firstFailure == null && failure != null) {
                firstFailure = failure;
            }
            if (--running == 0) {
                notifyAll();
            }
        }

        synchronized void awaitAll() throws InterruptedException {
            while (running > 0) {
                wait();
            }
        }

        synchronized Window window(long arrivals, long dispatchNanos) {
            return new Window(arrivals, late, failedRequests, firstFailure, dispatchNanos);
        }
    }
}
