package dev.fanout.bench.compare;

import java.util.Locale;

/** Number spelling shared by the table formats: about four significant digits, never locale commas. */
final class Numbers {

    private Numbers() {
    }

    static String value(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        String pattern = a >= 1000 ? "%.0f" : a >= 100 ? "%.1f" : a >= 10 ? "%.2f" : a >= 0.01 || a == 0 ? "%.3f" : "%.3g";
        return String.format(Locale.ROOT, pattern, v);
    }

    /** A user-given setting as typed: 10 rather than 10.00, 2.5 as is. */
    static String setting(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    static String percent(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%+.1f%%", v);
    }

    static String p(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return v < 0.0001 ? "<0.0001" : String.format(Locale.ROOT, "%.4f", v);
    }
}
