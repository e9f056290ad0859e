package dev.fanout.bench.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class ArrivalScheduleTest {
    @Test
    void uniformArrivalsAreEvenlySpacedFromTheWindowsStart() {
        ArrivalSchedule schedule = ArrivalSchedule.uniform(3);

        assertThat(new long[] {schedule.next(), schedule.next(), schedule.next(), schedule.next()})
                .containsExactly(0, 333_333_333, 666_666_667, 1_000_000_000);
    }

    @Test
    void poissonArrivalsKeepTheRateOnAverageWithExponentialGaps() {
        ArrivalSchedule schedule = ArrivalSchedule.poisson(1_000, 7);
        int arrivals = 100_000;
        long previous = 0;
        long gapsOverTwiceTheMean = 0;
        for (int i = 0; i < arrivals; i++) {
            long next = schedule.next();
            assertThat(next).isGreaterThanOrEqualTo(previous);
            if (next - previous > 2_000_000) {
                gapsOverTwiceTheMean++;
            }
            previous = next;
        }
        // 100,000 gaps of mean 1 ms: their sum is 100 s within a few standard errors (0.3%), and an exponential
        // gap exceeds twice its mean with probability e^-2 = 13.5%.
        assertThat(previous / 1e9).isCloseTo(100, Offset.offset(1.0));
        assertThat(gapsOverTwiceTheMean / (double) arrivals).isCloseTo(Math.exp(-2), Offset.offset(0.01));
    }

    @Test
    void theSameSeedGivesTheSameArrivals() {
        ArrivalSchedule one = ArrivalSchedule.poisson(500, 3);
        ArrivalSchedule two = ArrivalSchedule.poisson(500, 3);
        for (int i = 0; i < 100; i++) {
            assertThat(one.next()).isEqualTo(two.next());
        }
    }

    @Test
    void aRateBelowOneIsRefused() {
        assertThatThrownBy(() -> ArrivalSchedule.uniform(0)).hasMessageContaining("at least 1 a second, got 0");
    }
}
