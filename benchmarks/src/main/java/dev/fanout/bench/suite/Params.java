package dev.fanout.bench.suite;

import dev.fanout.bench.scenarios.Arrangement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How a param's value is read from text, wherever it comes from: a user's {@code -p} in the launcher or a
 * fork's JMH params. One parser per kind of value, each with a message that says what is allowed; whether
 * a value makes sense for its workload is {@link Setting}'s to say.
 */
public final class Params {
    /** Every param of a trial, in the order of the benchmark's fields; the last two are service mode's only. */
    public static final List<String> NAMES = List.of("workload", "client", "pools", "n", "latencyMs",
            "k", "cpuMicros", "sleepMs", "cpuTasks", "cpuRange", "arrangement", "recording", "rate", "poisson");

    private Params() {
    }

    /** An enum constant by name, or an error that lists the names. */
    public static <E extends Enum<E>> E named(Class<E> type, String param, String value) {
        try {
            return Enum.valueOf(type, value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown " + param + " '" + value + "'; the " + param + "s are "
                    + Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", ")));
        }
    }

    /** A whole number from 0 to {@link Integer#MAX_VALUE}. */
    public static long wholeNumber(String param, String value) {
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed >= 0 && parsed <= Integer.MAX_VALUE) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(param + " must be a whole number from 0 to " + Integer.MAX_VALUE + ", got '"
                + value + "'");
    }

    public static boolean bool(String param, String value) {
        String trimmed = value.trim();
        if (!trimmed.equals("true") && !trimmed.equals("false")) {
            throw new IllegalArgumentException(param + " must be true or false, got '" + value + "'");
        }
        return Boolean.parseBoolean(trimmed);
    }

    /** An arrangement by name, or null for {@value Setting#NO_ARRANGEMENT}. */
    public static Arrangement arrangement(String param, String value) {
        return value.trim().equals(Setting.NO_ARRANGEMENT) ? null : named(Arrangement.class, param, value);
    }

    /** Reads the params of one trial from a map of name to value. */
    record Reader(Map<String, String> params) {
        String text(String name) {
            String value = params.get(name);
            if (value == null) {
                throw new IllegalArgumentException("no value for param " + name + "; a trial has " + NAMES);
            }
            return value;
        }

        <E extends Enum<E>> E named(String name, Class<E> type) {
            return Params.named(type, name, text(name));
        }

        int count(String name) {
            return (int) wholeNumber(name, text(name));
        }

        long amount(String name) {
            return wholeNumber(name, text(name));
        }

        boolean bool(String name) {
            return Params.bool(name, text(name));
        }

        /** A param only some trials have (service mode's), or {@code absent} when this one has not. */
        int countOr(String name, int absent) {
            return params.containsKey(name) ? count(name) : absent;
        }

        boolean boolOr(String name, boolean absent) {
            return params.containsKey(name) ? bool(name) : absent;
        }

        Arrangement arrangement(String name) {
            return Params.arrangement(name, text(name));
        }
    }
}
