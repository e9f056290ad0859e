package dev.fanout.bench.profiler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The peak resident set size of this process over a window, from Linux's {@code /proc/self/status}.
 *
 * <p>Preferred method: reset the kernel's high-water mark ({@code VmHWM}) at the start of the window by
 * writing {@code 5} to {@code /proc/self/clear_refs} (Linux 4.0+, see the kernel's proc documentation), then
 * read {@code VmHWM} at its end. It is exact and costs nothing in between. Where that write is refused
 * (older kernels, some sandboxes), a daemon thread samples {@code VmRSS} instead, which can miss a peak
 * shorter than its period.
 */
final class ResidentMemory {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");
    private static final byte[] RESET_PEAK = {'5'};

    enum Method {
        HIGH_WATER_MARK("MB (VmHWM)"),
        SAMPLED("MB (VmRSS sampled)"),
        UNAVAILABLE("MB (unavailable)");

        private final String unit;

        Method(String unit) {
            this.unit = unit;
        }

        /** The unit of the metric, which names the method so a result says how it was measured. */
        String unit() {
            return unit;
        }
    }

    private ResidentMemory() {
    }

    /** The best method this process allows; {@code allowReset} false forces sampling. */
    static Method choose(boolean allowReset) {
        if (statusKb("VmRSS:") < 0) {
            return Method.UNAVAILABLE;
        }
        return allowReset && resetPeak() ? Method.HIGH_WATER_MARK : Method.SAMPLED;
    }

    /** Starts a window: resets the high-water mark, or starts a sampler of the given period. */
    static Window open(Method method, Duration samplePeriod) {
        return switch (method) {
            case HIGH_WATER_MARK -> {
                resetPeak();
                yield new HighWaterMark();
            }
            case SAMPLED -> new Sampler(samplePeriod);
            case UNAVAILABLE -> new Unavailable();
        };
    }

    /** A window over which the peak is tracked. */
    sealed interface Window permits HighWaterMark, Sampler, Unavailable {
        /** The peak resident set size since the window opened, in kB, or -1 if unknown. */
        long peakKb();

        /** The sampler's thread id, or -1 when no thread of ours runs for this window. */
        long samplerThreadId();

        /** Ends the window; {@link #peakKb()} should be read before. */
        void close();
    }

    private static boolean resetPeak() {
        try {
            Files.write(CLEAR_REFS, RESET_PEAK);
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /** A {@code kB} field of {@code /proc/self/status}, e.g. {@code "VmHWM:"}; -1 where there is none. */
    static long statusKb(String field) {
        String status;
        try {
            status = Files.readString(STATUS, StandardCharsets.US_ASCII);
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
        return parseKb(status, field);
    }

    static long parseKb(String status, String field) {
        int at = status.indexOf(field);
        if (at < 0) {
            return -1;
        }
        int i = at + field.length();
        while (i < status.length() && (status.charAt(i) == ' ' || status.charAt(i) == '\t')) {
            i++;
        }
        long kb = 0;
        int digits = 0;
        for (; i < status.length() && Character.isDigit(status.charAt(i)); i++, digits++) {
            kb = kb * 10 + (status.charAt(i) - '0');
        }
        return digits == 0 ? -1 : kb;
    }

    private static final class HighWaterMark implements Window {
        @Override
        public long peakKb() {
            return statusKb("VmHWM:");
        }

        @Override
        public long samplerThreadId() {
            return -1;
        }

        @Override
        public void close() {
        }
    }

    private static final class Unavailable implements Window {
        @Override
        public long peakKb() {
            return -1;
        }

        @Override
        public long samplerThreadId() {
            return -1;
        }

        @Override
        public void close() {
        }
    }

    private static final class Sampler implements Window {
        private final long periodNanos;
        private final Thread thread;
        private volatile boolean stopped;
        private final AtomicLong peakKb;

        Sampler(Duration period) {
            periodNanos = period.toNanos();
            peakKb = new AtomicLong(statusKb("VmRSS:"));
            thread = new Thread(this::run, "fanout-footprint-rss");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            while (!stopped) {
                sample();
                LockSupport.parkNanos(periodNanos);
            }
        }

        private void sample() {
            peakKb.accumulateAndGet(statusKb("VmRSS:"), Math::max);
        }

        @Override
        public long peakKb() {
            sample();
            return peakKb.get();
        }

        @Override
        public long samplerThreadId() {
            return thread.threadId();
        }

        @Override
        public void close() {
            stopped = true;
            LockSupport.unpark(thread);
        }
    }
}
