package dev.fanout.bench.workload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerUsageTest {
    @Test
    void whatTheServerUsedBetweenTwoReadingsIsTheirDifference() {
        ServerUsage start = new ServerUsage(1.0, 10L, 200.0, 1_000L);
        ServerUsage end = new ServerUsage(2.0, 50L, 260.0, 3_000L);

        assertThat(end.since(start)).isEqualTo(new ServerUsage(null, null, 60.0, 2_000L));
        assertThat(end.since(start).cpuMicrosPerRequest()).isEqualTo(30.0);
    }

    @Test
    void aReadingWithoutCpuOrRequestsGivesNoDifference() {
        ServerUsage full = new ServerUsage(1.0, 10L, 200.0, 1_000L);

        assertThat(full.since(null)).isNull();
        assertThat(full.since(ServerUsage.NONE)).isNull();
        assertThat(ServerUsage.NONE.since(full)).isNull();
    }
}
