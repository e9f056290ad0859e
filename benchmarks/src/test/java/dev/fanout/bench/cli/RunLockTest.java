package dev.fanout.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLockTest {
    @TempDir
    Path dir;

    @Test
    void theHolderIsReadFromTheKernelsTableOfLocks() {
        List<String> procLocks = List.of(
                "1: POSIX  ADVISORY  WRITE 4242 00:2f:1311 0 EOF",
                "1: -> POSIX  ADVISORY  WRITE 5151 00:2f:1311 0 EOF",
                "2: FLOCK  ADVISORY  WRITE 77 fd:01:99 0 EOF");

        assertThat(RunLock.holderOf(1311, procLocks)).contains(4242L);
        assertThat(RunLock.holderOf(99, procLocks)).contains(77L);
        assertThat(RunLock.holderOf(5, procLocks)).isEmpty();
    }

    /** The lock is this run's between trials, and JMH's Runner, which takes it itself, gets it for each trial. */
    @Test
    void theRunHoldsTheLockAndLendsItToEachTrial() throws Exception {
        Path file = dir.resolve("jmh.lock");
        try (RunLock run = RunLock.take(file)) {
            assertThatThrownBy(() -> RunLock.take(file)).isInstanceOf(RunLock.Taken.class);
            boolean jmhGotIt = run.lend(() -> {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
                     FileLock lock = channel.tryLock()) {
                    return lock != null;
                }
            });
            assertThat(jmhGotIt).isTrue();
            assertThatThrownBy(() -> RunLock.take(file)).as("taken back after the trial").isInstanceOf(RunLock.Taken.class);
        }
        RunLock.take(file).close();
    }
}
