package dev.fanout.bench.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fanout.bench.clients.Client;
import dev.fanout.bench.scenarios.Arrangement;
import dev.fanout.bench.suite.Params;
import dev.fanout.bench.suite.Setting;
import dev.fanout.bench.suite.Workload;
import org.junit.jupiter.api.Test;

class TightBoundTest {
    private static TrialSpec spec(Setting setting, double idealMs, double cpuTaskMs) {
        return new TrialSpec(setting, "fanOut", setting.concurrency(), "threads", idealMs, cpuTaskMs);
    }

    /**
     * N = 1000 at L = 100 ms on 2 cores, 40 µs of client CPU and 30 µs of server CPU a request: 70 ms of CPU an op. The
     * cores alone allow 35 ms, the wait alone 100 ms; but the requests' sending precedes the last wait and their
     * receiving follows the first, so no op ends before 100 + 70 / 4 = 117.5 ms.
     */
    @Test
    void aLargeFanOutIsBoundByItsWaitPlusHalfItsCpuOnTheCores() {
        Setting setting = Setting.of(Params.WORKLOAD, Workload.event_loop, Params.CLIENT, Client.reactor_netty,
                Params.N, 1000, Params.LATENCY_MS, 100L);
        TightBound bound = TightBound.of(spec(setting, 100, 0), 40.0, 30.0, 2);

        assertThat(bound.latencyMs()).isEqualTo(100);
        assertThat(bound.cpuMs()).isCloseTo(35, within(1e-9));
        assertThat(bound.latencyCpuMs()).isCloseTo(117.5, within(1e-9));
        assertThat(bound.ms()).isCloseTo(117.5, within(1e-9));
        assertThat(bound.name()).isEqualTo(TightBound.LATENCY_CPU);
    }

    /** cpu_io_mix's CPU tasks may run while the requests wait: they count for the cores, not for the third bound. */
    @Test
    void cpuTasksBesideTheRequestsCountForTheCoresButNotForTheWait() {
        Setting mix = Setting.of(Params.WORKLOAD, Workload.cpu_io_mix, Params.CLIENT, Client.okhttp, Params.N, 100,
                Params.LATENCY_MS, 100L, Params.CPU_TASKS, 8, Params.CPU_RANGE, 100_000_000L, Params.ARRANGEMENT,
                Arrangement.io_virtual_cpu_forkjoin);
        // 8 tasks of 30 ms and 100 requests of 100 µs of client CPU: 250 ms an op; 100 requests of 50 µs at the server.
        TightBound bound = TightBound.of(spec(mix, 126.6, 30), 250.0, 50.0, 2);

        assertThat(bound.cpuMs()).isCloseTo((250 + 5) / 2.0, within(1e-9));
        assertThat(bound.latencyCpuMs()).as("100 + (250 - 240 + 5) / 4").isCloseTo(103.75, within(1e-9));
        assertThat(bound.name()).isEqualTo(TightBound.CPU);
    }

    @Test
    void aFanOutWhoseRequestsNeedNotEndHasNoThirdBound() {
        Setting fire = Setting.of(Params.WORKLOAD, Workload.fire_and_forget, Params.CLIENT, Client.okhttp, Params.N,
                100, Params.LATENCY_MS, 100L, Params.SLEEP_MS, 200L);
        TightBound bound = TightBound.of(spec(fire, 200, 0), 200.0, 50.0, 2);

        assertThat(bound.latencyCpuMs()).isNull();
        assertThat(bound.cpuMs()).isCloseTo(102.5, within(1e-9));
        assertThat(bound.name()).isEqualTo(TightBound.LATENCY);
    }

    @Test
    void withoutTheCpuOnlyTheIdealIsKnown() {
        Setting setting = Setting.of(Params.WORKLOAD, Workload.virtual_threads, Params.CLIENT, Client.okhttp, Params.N,
                10, Params.LATENCY_MS, 100L);
        TightBound bound = TightBound.of(spec(setting, 100, 0), null, 50.0, 2);

        assertThat(bound.cpuMs()).isNull();
        assertThat(bound.latencyCpuMs()).isNull();
        assertThat(bound.ms()).isEqualTo(100);
        assertThat(bound.name()).isEqualTo(TightBound.LATENCY);
    }
}
