package dev.fanout.bench.profiler;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The CPU time of every thread of this process at one moment, JVM-internal ones included (JIT compilers, GC,
 * JFR), in ns, from Linux's {@code /proc/self/task/TID/schedstat}: the scheduler's own run time, exact to the
 * nanosecond, where {@code getProcessCpuTime()} counts whole 10 ms clock ticks. A thread's name is the one
 * Linux shows ({@code comm}: cut to 15 characters).
 *
 * @param threads         by OS thread id, each thread alive at the moment
 * @param processNanos    the whole process's CPU, ended threads included, in clock ticks
 * @param threadsStarted  platform threads the JVM started since it began, so that a thread started and ended
 *                        between two moments is known to have existed
 */
record ThreadCpu(Map<String, Thread> threads, long processNanos, long threadsStarted) {
    private static final Path TASKS = Path.of("/proc/self/task");

    /** One thread at one moment. */
    record Thread(String name, long nanos) {
    }

    /** Whether this system tells each thread's CPU; elsewhere only the process counter is there. */
    static boolean available() {
        return Files.isDirectory(TASKS);
    }

    static ThreadCpu now(com.sun.management.OperatingSystemMXBean os, java.lang.management.ThreadMXBean mx) {
        Map<String, Thread> threads = new HashMap<>();
        byte[] buffer = new byte[128];
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                try {
                    String name = read(task.resolve("comm"), buffer).strip();
                    String schedstat = read(task.resolve("schedstat"), buffer);
                    threads.put(task.getFileName().toString(),
                            new Thread(name, Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')))));
                } catch (IOException | RuntimeException e) {
                    // The thread ended between the listing and the read: the process counter has its CPU.
                }
            }
        } catch (IOException e) {
            threads = Map.of();
        }
        return new ThreadCpu(threads, os.getProcessCpuTime(), mx.getTotalStartedThreadCount());
    }

    /** The OS thread id of the calling thread, or empty where the system does not say. */
    static String currentThreadId() {
        try {
            return Path.of("/proc/thread-self").toRealPath().getFileName().toString();
        } catch (IOException e) {
            return "";
        }
    }

    private static String read(Path file, byte[] buffer) throws IOException {
        try (FileInputStream in = new FileInputStream(file.toFile())) {
            int read = in.read(buffer);
            return new String(buffer, 0, Math.max(0, read), StandardCharsets.US_ASCII);
        }
    }
}
