package dev.fanout.bench.recording;

import java.util.Locale;
import java.util.Objects;

/**
 * One column of a results table, declared once (in {@link SummaryColumns}) with everything a reader needs: its name
 * in the file, the type of its values, their unit, and what it holds. The run writes these declarations beside the
 * table ({@link TableSchema}), so the notebook and {@code compare} read a column's type rather than keeping a list.
 *
 * @param <T> the Java type of its values: String, Integer, Long, Double or Boolean
 */
public final class Column<T> {
    /** How a value is spelled in the file, and the CSVW datatype the schema gives it. */
    enum Kind {
        TEXT("string"), INTEGER("integer"), NUMBER("double"), BOOLEAN("boolean");

        private final String datatype;

        Kind(String datatype) {
            this.datatype = datatype;
        }

        String datatype() {
            return datatype;
        }
    }

    private final String name;
    private final Class<T> type;
    private final Kind kind;
    private final String unit;
    private final String meaning;

    private Column(String name, Class<T> type, Kind kind, String unit, String meaning) {
        this.name = Objects.requireNonNull(name);
        this.type = type;
        this.kind = kind;
        this.unit = unit;
        this.meaning = Objects.requireNonNull(meaning);
    }

    static Column<String> text(String name, String meaning) {
        return new Column<>(name, String.class, Kind.TEXT, "", meaning);
    }

    static Column<Integer> integer(String name, String unit, String meaning) {
        return new Column<>(name, Integer.class, Kind.INTEGER, unit, meaning);
    }

    static Column<Long> count(String name, String unit, String meaning) {
        return new Column<>(name, Long.class, Kind.INTEGER, unit, meaning);
    }

    static Column<Double> number(String name, String unit, String meaning) {
        return new Column<>(name, Double.class, Kind.NUMBER, unit, meaning);
    }

    static Column<Boolean> bool(String name, String meaning) {
        return new Column<>(name, Boolean.class, Kind.BOOLEAN, "", meaning);
    }

    public String name() {
        return name;
    }

    /** The unit of its values ({@code ms}, {@code µs}, ...), "" for text, flags and plain counts. */
    public String unit() {
        return unit;
    }

    public String meaning() {
        return meaning;
    }

    Kind kind() {
        return kind;
    }

    /** {@code value} as this column's type, or an error naming the column when it is not one. */
    T cast(Object value) {
        if (value != null && !type.isInstance(value)) {
            throw new IllegalArgumentException("column " + name + " holds " + type.getSimpleName() + ", not "
                    + value.getClass().getSimpleName() + " (" + value + ")");
        }
        return type.cast(value);
    }

    /** A value as the file spells it; null for blank. */
    T parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String trimmed = text.trim();
        try {
            Object value = switch (kind) {
                case TEXT -> text;
                case INTEGER -> type == Integer.class ? (Object) Integer.valueOf(trimmed) : (Object) Long.valueOf(trimmed);
                case NUMBER -> Double.valueOf(trimmed);
                case BOOLEAN -> switch (trimmed.toLowerCase(Locale.ROOT)) {
                    case "true" -> Boolean.TRUE;
                    case "false" -> Boolean.FALSE;
                    default -> throw new NumberFormatException(trimmed);
                };
            };
            return type.cast(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("column " + name + " holds " + kind.datatype() + " values, not '" + text
                    + "'");
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
