package dev.fanout.bench.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The open loop's accounting, on a clock the test moves: no real time passes, so each figure is exact. The handlers
 * run on the scheduler's own thread here, the worst case: a model that stalls stalls the scheduler too, and the
 * arrivals behind it must still be timed from when they should have started.
 */
class ServiceLoopTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    /** A clock that moves only when the loop waits or a fan-out works. */
    private static final class TestClock implements ServiceLoop.Clock {
        long now;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepUntil(long deadlineNanos) {
            now = Math.max(now, deadlineNanos);
        }
    }

    private final TestClock clock = new TestClock();
    private final List<long[]> arrivals = Collections.synchronizedList(new ArrayList<>());

    /** A fan-out that takes 1 ms, except its {@code stalled}-th run, which takes {@code stallMs}. */
    private FanOut stallingAt(int stalled, long stallMs) {
        return new FanOut() {
            private int runs;

            @Override
            public Outcome run(CheckedFetcher fetcher) {
                clock.now += (runs++ == stalled ? stallMs : 1) * MS;
                return new Outcome(List.of("ok"));
            }

            @Override
            public String executor() {
                return "the test";
            }
        };
    }

    private ServiceLoop.Window run(int rate, long windowMs, FanOut fanOut) throws InterruptedException {
        ServiceLoop loop = new ServiceLoop(clock, Runnable::run);
        return loop.run(ArrivalSchedule.uniform(rate), windowMs * MS, fanOut, null,
                (intended, started, done) -> arrivals.add(new long[] {intended, started, done}));
    }

    private long responseMs(int arrival) {
        long[] times = arrivals.get(arrival);
        return (times[2] - times[0]) / MS;
    }

    private long serviceMs(int arrival) {
        long[] times = arrivals.get(arrival);
        return (times[2] - times[1]) / MS;
    }

    @Test
    void aStalledModelMakesTheResponseTimesBehindItGrowByTheStallInsteadOfDisappearing() throws InterruptedException {
        // 100 a second for 200 ms: arrivals every 10 ms; the sixth (at 50 ms) takes 100 ms.
        ServiceLoop.Window window = run(100, 200, stallingAt(5, 100));

        assertThat(window.arrivals()).isEqualTo(20);
        assertThat(responseMs(4)).isEqualTo(1);
        assertThat(responseMs(5)).isEqualTo(100);
        // The next was due at 60 ms and could start only at 150: it waited 90 ms, then took 1.
        assertThat(responseMs(6)).isEqualTo(91);
        assertThat(serviceMs(6)).as("timed from its actual start, the stall would vanish").isEqualTo(1);
        assertThat(responseMs(7)).isEqualTo(82);
        // The backlog drains at 9 ms an arrival: arrival 16, due at 160 ms, is the first on time again.
        assertThat(responseMs(15)).isEqualTo(10);
        assertThat(responseMs(16)).isEqualTo(1);
        assertThat(window.late()).as("arrivals 6 to 15 started over 1 ms late").isEqualTo(10);
        assertThat(window.achievedRate()).as("every arrival was handed out within the window").isEqualTo(100.0);
    }

    @Test
    void aStallLongerThanTheWindowShowsAsAShortfallOfTheRateNotAsFewerArrivals() throws InterruptedException {
        ServiceLoop.Window window = run(100, 200, stallingAt(5, 300));

        assertThat(window.arrivals()).as("every arrival the schedule has, however late").isEqualTo(20);
        // The last was handed out at 50 + 300 + 13 ms = 363 ms, not at 190, and (run on the scheduler's thread) handed
        // back 1 ms later.
        assertThat(window.dispatchNanos()).isEqualTo(364 * MS);
        assertThat(window.achievedRate()).isCloseTo(20 / 0.364, Offset.offset(1e-9));
        assertThat(responseMs(19)).isEqualTo(363 + 1 - 190);
    }

    @Test
    void aModelThatKeepsUpStartsEveryArrivalOnTime() throws InterruptedException {
        ServiceLoop.Window window = run(1_000, 100, stallingAt(-1, 0));

        assertThat(window.arrivals()).isEqualTo(100);
        assertThat(window.late()).isZero();
        assertThat(arrivals).allSatisfy(times -> assertThat(times[1]).isEqualTo(times[0]));
        assertThat(window.failedRequests()).isZero();
    }

    @Test
    void aFanOutThatThrowsIsAFailedArrivalWithItsStory() throws InterruptedException {
        FanOut broken = new FanOut() {
            @Override
            public Outcome run(CheckedFetcher fetcher) {
                throw new ClaimFailedException("broken on purpose");
            }

            @Override
            public String executor() {
                return "the test";
            }
        };
        ServiceLoop.Window window = run(100, 30, broken);

        assertThat(window.arrivals()).isEqualTo(3);
        assertThat(window.failedRequests()).isEqualTo(3);
        assertThat(window.firstFailure()).contains("broken on purpose");
    }

    @Test
    void theLoopWaitsForEveryArrivalHandedToOtherThreads() throws InterruptedException {
        List<Thread> handlers = Collections.synchronizedList(new ArrayList<>());
        FanOut slow = new FanOut() {
            @Override
            public Outcome run(CheckedFetcher fetcher) throws InterruptedException {
                Thread.sleep(50);
                return new Outcome(List.of("ok"), Map.of());
            }

            @Override
            public String executor() {
                return "the test";
            }
        };
        ServiceLoop loop = new ServiceLoop(ServiceLoop.Clock.SYSTEM, task -> handlers.add(Thread.ofVirtual().start(task)));

        ServiceLoop.Window window = loop.run(ArrivalSchedule.uniform(200), 50 * MS, slow, null, (i, s, d) -> arrivals.add(new long[] {i, s, d}));

        assertThat(window.arrivals()).isEqualTo(10);
        assertThat(handlers).as("each arrival on a thread of its own").hasSize(10);
        // Every arrival observed before the loop returned. (Not "every handler thread ended": a handler signals the
        // loop as its last act and ends a moment later, which a fresh-clone CI run once caught alive.)
        assertThat(arrivals).hasSize(10);
        // A physical bound, not a stopwatch: each of the 10 slept 50 ms after its start.
        assertThat(arrivals).allSatisfy(times -> assertThat(times[2] - times[1]).isGreaterThanOrEqualTo(50 * MS));
    }
}
