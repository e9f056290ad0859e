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

    static String duration(Duration d) {
        long s = d.toSeconds();
        return s >= 60 ? String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60) : s + " s";
    }
}
