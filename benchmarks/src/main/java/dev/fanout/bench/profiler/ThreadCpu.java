package dev.fanout.bench.profiler;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

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
    private static final Path OWN_SCHEDSTAT = Path.of("/proc/thread-self/schedstat");
    /**
     * What the name of each of the JIT's compiler threads holds, as Linux cuts it to 15 characters: "C1 CompilerThre",
     * "C2 CompilerThre", and Graal's "JVMCI CompilerT".
     */
    private static final String COMPILER_THREAD = "CompilerT";

    /** One thread at one moment. */
    record Thread(String name, long nanos) {
    }

    /** Whether this system tells each thread's CPU; elsewhere only the process counter is there. */
    static boolean available() {
        return Files.isDirectory(TASKS);
    }

    /**
     * Every thread's CPU, the calling thread's own read at one edge of the scan of the others: after it when
     * the ops are about to begin, before it when they have just ended. The scan reads two files per thread and
     * costs the caller CPU (7 ms with 300 threads alive, more while its code is still interpreted: it runs twice
     * an iteration); read at the other edge, that cost counted as the ops', once an iteration, which at
     * L = 200 ms and N = 10 is one op.
     *
     * @param edge           which edge of the ops this reading marks
     * @param processNanos   the process's CPU, read at the same edge as the caller's own
     * @param threadsStarted the JVM's count of threads started, read at the same edge
     */
    static ThreadCpu now(MeasuredWindow.Edge edge, LongSupplier processNanos, LongSupplier threadsStarted) {
        boolean begin = edge == MeasuredWindow.Edge.BEGIN;
        String caller = begin ? currentThreadId() : null;
        Map<String, Thread> threads = begin ? scan(name -> true) : null;
        long callerNanos = ownNanos();
        long process = processNanos.getAsLong();
        long started = threadsStarted.getAsLong();
        if (!begin) {
            threads = scan(name -> true);
            caller = currentThreadId();
        }
        Thread callerThread = threads.get(caller);
        if (callerThread != null && callerNanos >= 0) {
            threads.put(caller, new Thread(callerThread.name(), callerNanos));
        }
        return new ThreadCpu(threads, process, started);
    }

    /** Whether a thread of this name is one of the JIT's compilers. */
    static boolean isCompiler(String name) {
        return name.contains(COMPILER_THREAD);
    }

    /** The JIT's compiler threads alive now, the CPU each has used so far; the others' run time is not read. */
    static Map<String, Thread> compilers() {
        return scan(ThreadCpu::isCompiler);
    }

    /** The threads alive now whose name {@code named} accepts. */
    private static Map<String, Thread> scan(Predicate<String> named) {
        Map<String, Thread> threads = new HashMap<>();
        byte[] buffer = new byte[128];
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                try {
                    String name = read(task.resolve("comm"), buffer).strip();
                    if (named.test(name)) {
                        long nanos = nanos(task.resolve("schedstat"), buffer);
                        threads.put(task.getFileName().toString(), new Thread(name, nanos));
                    }
                } catch (IOException | RuntimeException e) {
                    // The thread ended between the listing and the read: its CPU since the last reading is left to
                    // the process counter, which now() reads beside the threads.
                }
            }
        } catch (IOException e) {
            return new HashMap<>();
        }
        return threads;
    }

    /** The calling thread's CPU from the same counter as the scan's, or -1 where it cannot be read. */
    private static long ownNanos() {
        try {
            return nanos(OWN_SCHEDSTAT, new byte[128]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long nanos(Path schedstat, byte[] buffer) throws IOException {
        String text = read(schedstat, buffer);
        return Long.parseLong(text.substring(0, text.indexOf(' ')));
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
