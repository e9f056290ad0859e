package dev.fanout.bench.cli;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The values a user gave a param with {@code -p}, parsed, with messages that say what is allowed. */
final class ParamValues {
    private ParamValues() {
    }

    /** The user's values of {@code param}, parsed, or the profile's when the user gave none. */
    static <T> List<T> values(JmhArguments jmh, String param, List<T> profileValues, Function<String, T> parse) {
        Collection<String> given = jmh.param(param);
        return given == null ? profileValues : given.stream().map(String::trim).map(parse).toList();
    }

    static <E extends Enum<E>> E named(Class<E> type, String param, String value) {
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown " + param + " '" + value + "'; the " + param + "s are "
                    + Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", ")));
        }
    }

    /** A whole number from {@code least} up to {@link Integer#MAX_VALUE}. */
    static long atLeast(String param, String value, long least) {
        try {
            long parsed = Long.parseLong(value);
            if (parsed >= least && parsed <= Integer.MAX_VALUE) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(param + " must be a whole number >= " + least + ", got '" + value + "'");
    }

    static boolean bool(String param, String value) {
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException(param + " must be true or false, got '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }
}
