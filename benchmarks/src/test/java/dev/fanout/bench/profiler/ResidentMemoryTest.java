package dev.fanout.bench.profiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResidentMemoryTest {
    private static final int TOUCHED_MB = 64;

    @Test
    void parsesKilobyteFieldsOfProcStatus() {
        String status = "Name:\tjava\nVmPeak:\t 9024 kB\nVmHWM:\t   51200 kB\nVmRSS:\t   40960 kB\n";

        assertThat(ResidentMemory.parseKb(status, "VmHWM:")).isEqualTo(51200);
        assertThat(ResidentMemory.parseKb(status, "VmRSS:")).isEqualTo(40960);
        assertThat(ResidentMemory.parseKb(status, "VmSwap:")).isEqualTo(-1);
    }

    @Test
    void highWaterMarkSeesMemoryTouchedWithinTheWindow() {
        assumeTrue(ResidentMemory.choose(true) == ResidentMemory.Method.HIGH_WATER_MARK, "kernel refuses VmHWM reset");
        assertWindowSeesTransientMemory(ResidentMemory.Method.HIGH_WATER_MARK);
    }

    @Test
    void samplerSeesMemoryTouchedWithinTheWindow() {
        assumeTrue(ResidentMemory.choose(false) == ResidentMemory.Method.SAMPLED, "no /proc/self/status");
        assertWindowSeesTransientMemory(ResidentMemory.Method.SAMPLED);
    }

    private static void assertWindowSeesTransientMemory(ResidentMemory.Method method) {
        long before = ResidentMemory.statusKb("VmRSS:");
        ResidentMemory.Window window = ResidentMemory.open(method, Duration.ofMillis(1));
        try {
            touchOffHeapAndHold();
            assertThat(window.peakKb()).isGreaterThanOrEqualTo(before + TOUCHED_MB * 1024L * 3 / 4);
        } finally {
            window.close();
        }
    }

    /** Direct memory is resident only once written, and is not subject to the heap's sizing. */
    private static void touchOffHeapAndHold() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(TOUCHED_MB * 1024 * 1024);
        for (int i = 0; i < buffer.capacity(); i += 4096) {
            buffer.put(i, (byte) 1);
        }
        long until = System.nanoTime() + Duration.ofMillis(50).toNanos();
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        assertThat(buffer.get(0)).isEqualTo((byte) 1);
    }
}
