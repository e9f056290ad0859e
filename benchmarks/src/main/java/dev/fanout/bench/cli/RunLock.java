package dev.fanout.bench.cli;

import dev.fanout.bench.recording.CannotWriteException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * JMH's own lock ({@code java.io.tmpdir/jmh.lock}), which keeps two benchmark runs from measuring each other on one
 * machine. JMH's Runner takes it only while one trial runs, so a second launch would get it between two trials of
 * the first and each run would then refuse the other's next trial, after starting a server and making a results
 * folder. The launcher takes it before it starts anything and holds it for the whole run, lending it to JMH's Runner
 * for each trial: the Runner takes the lock itself, and one this JVM held would look taken to it.
 */
final class RunLock implements AutoCloseable {
    static final Path JMH_LOCK = Path.of(System.getProperty("java.io.tmpdir"), "jmh.lock");

    /** Another process holds the lock; the message names it in one line. */
    static final class Taken extends Exception {
        private static final long serialVersionUID = 1L;

        Taken(String message) {
            super(message);
        }
    }

    private final FileChannel channel;
    private FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes JMH's lock for this run.
     *
     * @throws Taken when another process holds it, or the lock file cannot be opened
     */
    static RunLock take() throws Taken {
        return take(JMH_LOCK);
    }

    static RunLock take(Path file) throws Taken {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new Taken("cannot open JMH's lock " + file + ": " + CannotWriteException.osReason(e));
        }
        FileLock lock = null;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            // this JVM holds it already: a run inside a run
        } catch (IOException e) {
            closeQuietly(channel);
            throw new Taken("cannot take JMH's lock " + file + ": " + CannotWriteException.osReason(e));
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new Taken("another benchmark run holds JMH's lock " + file + holder(file)
                    + ": two runs on these cores would measure each other; wait for it to end, or stop it");
        }
        return new RunLock(channel, lock);
    }

    /** What runs while the lock is lent: JMH's Runner, which takes the lock itself. */
    @FunctionalInterface
    interface LockTaker<T, E extends Exception> {
        T run() throws E;
    }

    /** Runs {@code jmhRun}, which takes the lock itself, and takes the lock back for this run after it. */
    <T, E extends Exception> T lend(LockTaker<T, E> jmhRun) throws E, IOException {
        if (lock != null) {
            lock.release();
        }
        try {
            return jmhRun.run();
        } finally {
            // Null if another process took it in the gap: the next trial's Runner then refuses, and the run stops.
            lock = channel.tryLock();
        }
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    /** Who holds the lock, from the kernel's table of locks: " (pid 1234: java -jar benchmarks.jar ...)", or "". */
    static String holder(Path file) {
        try {
            long inode = ((Number) Files.getAttribute(file, "unix:ino")).longValue();
            return holderOf(inode, Files.readAllLines(Path.of("/proc/locks")))
                    .map(pid -> " (pid " + pid + ProcessHandle.of(pid).flatMap(p -> p.info().commandLine())
                            .map(command -> ": " + command).orElse("") + ")")
                    .orElse("");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "";
        }
    }

    /**
     * The pid holding a lock on the file of {@code inode}, from lines of {@code /proc/locks} such as
     * {@code 1: POSIX  ADVISORY  WRITE 4242 00:2f:1311 0 EOF}.
     */
    static Optional<Long> holderOf(long inode, List<String> procLocks) {
        for (String line : procLocks) {
            if (line.contains("->")) {
                continue; // a process waiting for the lock, not holding it
            }
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 6 && fields[5].endsWith(":" + inode) && fields[4].matches("\\d+")) {
                return Optional.of(Long.parseLong(fields[4]));
            }
        }
        return Optional.empty();
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing was written through it
        }
    }
}
