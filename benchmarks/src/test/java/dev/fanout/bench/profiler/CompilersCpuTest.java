package dev.fanout.bench.profiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The compilers' CPU counted as they work: from their threads' own run time, threads that come and go included. */
class CompilersCpuTest {
    @Test
    void eachThreadAddsWhatItUsedSinceTheLastReading() {
        assertThat(CompilersCpu.added(Map.of("11", 100L, "12", 50L), Map.of("11", 130L, "12", 50L))).isEqualTo(30);
    }

    @Test
    void aThreadStartedSinceTheLastReadingAddsAllItUsed() {
        assertThat(CompilersCpu.added(Map.of("11", 100L), Map.of("11", 100L, "13", 40L))).isEqualTo(40);
    }

    @Test
    void aThreadGoneSinceTheLastReadingAddsNothing() {
        assertThat(CompilersCpu.added(Map.of("11", 100L, "12", 500L), Map.of("11", 110L))).isEqualTo(10);
    }

    @Test
    void theCounterStartsAtZeroAndAddsOnlyWhatTheThreadsUsedSince() {
        Deque<Map<String, Long>> readings = new ArrayDeque<>(List.of(Map.of("11", 900L), Map.of("11", 950L),
                Map.of("11", 950L), Map.of("11", 700L), Map.of("11", 700L, "14", 30L)));
        CompilersCpu counter = CompilersCpu.of(readings::pop).orElseThrow();
        assertThat(counter.getAsLong()).as("the CPU used before the counter was made is not its").isEqualTo(50);
        assertThat(counter.getAsLong()).as("an unchanged reading").isEqualTo(50);
        assertThat(counter.getAsLong()).as("a thread's total read lower than before").isEqualTo(50);
        assertThat(counter.getAsLong()).as("a new thread, from the lower reading on").isEqualTo(80);
    }

    @Test
    void noCompilerThreadToCountIsNoCounter() {
        assertThat(CompilersCpu.of(Map::of)).as("-Xint, or names it does not know").isEmpty();
    }

    @Test
    void theCounterFindsThisJvmsCompilersAndGrowsWhileTheyCompileNewCode() throws InterruptedException {
        assumeThat(ThreadCpu.available()).as("Linux's per-thread counters").isTrue();
        assertThat(ThreadCpu.compilers().values()).as("this JVM's compiler threads")
                .isNotEmpty().allSatisfy(thread -> assertThat(thread.name()).contains("CompilerThre"));
        CompilersCpu compilers = CompilersCpu.ofThisJvm().orElseThrow();
        long before = compilers.getAsLong();
        long sum = 0;
        for (int i = 0; i < 200_000; i++) {
            sum += FreshCode.mix(i);
        }
        assertThat(sum).isNotZero();
        long after = compilers.getAsLong();
        // The compilers work on their own threads: the method's compilation may end a little after the loop does.
        for (int waited = 0; after == before && waited < 100; waited++) {
            Thread.sleep(100);
            after = compilers.getAsLong();
        }
        assertThat(after).as("the compilers' CPU after compiling a method no other test runs, ns")
                .isGreaterThan(before);
    }

    /** A method no other test calls, hot enough in the loop above to be compiled there. */
    private static final class FreshCode {
        static long mix(long value) {
            long mixed = value * 0x9E3779B97F4A7C15L;
            return mixed ^ (mixed >>> 31) ^ (value << 7);
        }
    }
}
