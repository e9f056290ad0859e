package dev.fanout.bench.compare;

import java.util.Map;

/**
 * A JMH score unit: either time per operation ({@code ms/op}, smaller is better) or operations per time
 * ({@code ops/s}, bigger is better). Knowing the time unit lets a run in {@code us/op} be compared with one
 * in {@code ms/op} after someone changes {@code @OutputTimeUnit}.
 */
public record ScoreUnit(String text, boolean isTimePerOp, double seconds) {

    /** The unit every fan-out time is reported in. */
    public static final ScoreUnit MS_PER_OP = new ScoreUnit("ms/op", true, 1e-3);

    private static final Map<String, Double> SECONDS = Map.of(
            "ns", 1e-9, "us", 1e-6, "ms", 1e-3, "s", 1.0, "min", 60.0, "hr", 3600.0, "day", 86400.0);

    public static ScoreUnit parse(String text) throws InputException {
        String[] parts = text.split("/", -1);
        if (parts.length == 2) {
            if (parts[1].equals("op") && SECONDS.containsKey(parts[0])) {
                return new ScoreUnit(text, true, SECONDS.get(parts[0]));
            }
            if (parts[0].equals("ops") && SECONDS.containsKey(parts[1])) {
                return new ScoreUnit(text, false, SECONDS.get(parts[1]));
            }
        }
        throw new InputException("unsupported score unit '" + text + "' (expected time/op such as ms/op, or ops/time such as ops/s)");
    }

    public boolean smallerIsBetter() {
        return isTimePerOp;
    }

    public boolean convertibleTo(ScoreUnit other) {
        return isTimePerOp == other.isTimePerOp;
    }

    /** A value in this unit expressed in {@code target}; both must be of the same kind. */
    public double convert(double value, ScoreUnit target) {
        double factor = seconds / target.seconds;
        return isTimePerOp ? value * factor : value / factor;
    }
}
