package dev.fanout.bench.workload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fanout.bench.clients.Protocol;
import org.junit.jupiter.api.Test;

class ServerUsageTest {
    @Test
    void whatTheServerUsedBetweenTwoReadingsIsTheirDifference() {
        ServerUsage start = new ServerUsage(1.0, 10L, 200.0, 1_000L, 4L, 0L);
        ServerUsage end = new ServerUsage(2.0, 50L, 260.0, 3_000L, 6L, 0L);

        assertThat(end.since(start)).isEqualTo(new ServerUsage(null, null, 60.0, 2_000L, null, null));
        assertThat(end.since(start).cpuMicrosPerRequest()).isEqualTo(30.0);
    }

    /** A trial run in several turns, the server reset before each: its figures as of one stretch. */
    @Test
    void twoStretchesAddTheirWorkAndKeepTheHigherPeaks() {
        ServerUsage first = new ServerUsage(1.0, 50L, 200.0, 1_000L, 4L, 0L);
        ServerUsage second = new ServerUsage(3.0, 20L, 100.0, 2_000L, 6L, 0L);

        assertThat(first.plus(second)).isEqualTo(new ServerUsage(3.0, 50L, 300.0, 3_000L, 6L, 0L));
        assertThat(first.plus(second).cpuMicrosPerRequest()).isEqualTo(100.0);
        assertThat(first.plus(ServerUsage.NONE)).as("a stretch the server said nothing of").isEqualTo(ServerUsage.NONE);
    }

    @Test
    void aReadingWithoutCpuOrRequestsGivesNoDifference() {
        ServerUsage full = new ServerUsage(1.0, 10L, 200.0, 1_000L, 4L, 0L);

        assertThat(full.since(null)).isNull();
        assertThat(full.since(ServerUsage.NONE)).isNull();
        assertThat(ServerUsage.NONE.since(full)).isNull();
    }

    @Test
    void itReadsTheStubServersStatsConnectionsAndStreamsIncluded() throws Exception {
        JsonNode stats = new ObjectMapper().readTree("""
                {"requests":30,"in_flight":0,"max_in_flight":20,"lateness_ms":{"p99":1.5},"cpu_ms":12.5,
                 "connections":{"open":1,"max_open":2,"opened":2},"streams":30}""");

        assertThat(ServerUsage.of(stats)).isEqualTo(new ServerUsage(1.5, 20L, 12.5, 30L, 2L, 30L));
    }

    @Test
    void requestsThatCameAsNoStreamWereNotH2c() {
        ServerUsage overHttp1 = new ServerUsage(null, null, null, 30L, 30L, 0L);
        ServerUsage overH2c = new ServerUsage(null, null, null, 30L, 1L, 30L);

        assertThat(overHttp1.notSpoken(Protocol.h2c)).contains("30 requests and not one as an HTTP/2 stream");
        assertThat(overHttp1.notSpoken(Protocol.http1)).isNull();
        assertThat(overH2c.notSpoken(Protocol.h2c)).isNull();
        assertThat(ServerUsage.NONE.notSpoken(Protocol.h2c)).as("a server that counts no streams").isNull();
    }
}
