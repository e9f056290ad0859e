package dev.fanout.bench.cli;

import java.time.Duration;
import java.util.Locale;

/** How the launcher writes times for people. */
final class Format {
    private Format() {
    }

    static String millis(double ms) {
        if (ms >= 10_000) {
            return String.format(Locale.ROOT, "%.0f s", ms / 1000);
        }
        if (ms >= 1_000) {
            return String.format(Locale.ROOT, "%.2f s", ms / 1000);
        }
        return String.format(Locale.ROOT, "%.1f ms", ms);
    }

    /**
     * A time and its interval, in the time's unit: {@code 708.9 ms [501.8-912.3]}; the time alone when it has no
     * interval (one draw).
     */
    static String millis(double ms, Double low, Double high) {
        if (low == null || high == null) {
            return millis(ms);
        }
        if (ms >= 10_000) {
            return String.format(Locale.ROOT, "%.0f s [%.0f-%.0f]", ms / 1000, low / 1000, high / 1000);
        }
        if (ms >= 1_000) {
            return String.format(Locale.ROOT, "%.2f s [%.2f-%.2f]", ms / 1000, low / 1000, high / 1000);
        }
        return String.format(Locale.ROOT, "%.1f ms [%.1f-%.1f]", ms, low, high);
    }

    static String duration(Duration d) {
        long s = d.toSeconds();
        return s >= 60 ? String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60) : s + " s";
    }
}
