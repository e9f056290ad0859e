package dev.fanout.bench.suite;

import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * One param of a trial, declared once ({@link Params}): everything the harness does with it derives from this
 * declaration: its JMH name and spelling, how {@code -p} text is read, its value where a workload does not use it,
 * which of a profile's values each workload takes, how it shows in a trial's label and file stem, and its line of
 * {@code --help}. {@link Setting} holds one value of each, as the record component of the same name.
 *
 * @param <T> the type of its values
 */
public final class TrialParam<T> {
    /** The values chosen so far for a setting, by param, in the order the params are declared. */
    @FunctionalInterface
    public interface Chosen {
        <V> V get(TrialParam<V> param);
    }

    private final String name;
    private final Function<String, T> parser;
    private final Function<T, String> spelling;
    private final T neutral;
    private final BiPredicate<Chosen, T> admits;
    private final boolean neutralWhenNoneAdmitted;
    private final boolean serviceOnly;
    private final Function<Setting, String> label;
    private final Function<Setting, String> stem;
    private final String help;

    private TrialParam(String name, Function<String, T> parser, Function<T, String> spelling, T neutral,
                       BiPredicate<Chosen, T> admits, boolean neutralWhenNoneAdmitted, boolean serviceOnly,
                       Function<Setting, String> label, Function<Setting, String> stem, String help) {
        this.name = name;
        this.parser = parser;
        this.spelling = spelling;
        this.neutral = neutral;
        this.admits = admits;
        this.neutralWhenNoneAdmitted = neutralWhenNoneAdmitted;
        this.serviceOnly = serviceOnly;
        this.label = label;
        this.stem = stem;
        this.help = help;
    }

    /**
     * A param every workload takes whatever value it is given.
     *
     * @param parser   reads a value from text; throws an IllegalArgumentException naming the param and what it allows
     * @param spelling the value as JMH's param and summary.csv's {@code jmh_params} spell it
     * @param neutral  its value where nothing sets it
     * @param label    its part of the trial's label ({@code " n=1000"}), "" where it does not show
     * @param stem     its part of the trial's file stem ({@code "-n1000"}), "" where it does not show
     */
    static <T> TrialParam<T> of(String name, Function<String, T> parser, Function<T, String> spelling, T neutral,
                                Function<Setting, String> label, Function<Setting, String> stem, String help) {
        return new TrialParam<>(name, parser, spelling, neutral, (chosen, value) -> true, false, false, label, stem,
                help);
    }

    /**
     * This param where only some settings take a value of it ({@code k}: a fixed pool and a semaphore); for the
     * others, when none of a profile's values is admitted, its neutral value.
     *
     * @param admits whether a value suits the params chosen before it (the workload first)
     */
    TrialParam<T> admitting(BiPredicate<Chosen, T> admits) {
        return new TrialParam<>(name, parser, spelling, neutral, admits, true, serviceOnly, label, stem, help);
    }

    /** This param where a setting none of whose values is admitted is not made at all (a rate for a scenario). */
    TrialParam<T> onlyAdmitting(BiPredicate<Chosen, T> admits) {
        return new TrialParam<>(name, parser, spelling, neutral, admits, false, serviceOnly, label, stem, help);
    }

    /** This param as only service mode's benchmark has it: a closed-loop trial's JMH params leave it out. */
    TrialParam<T> serviceOnly() {
        return new TrialParam<>(name, parser, spelling, neutral, admits, neutralWhenNoneAdmitted, true, label, stem,
                help);
    }

    /** The name {@code -p}, JMH's {@code @Param} field and {@link Setting}'s component share. */
    public String name() {
        return name;
    }

    public T parse(String text) {
        return parser.apply(text);
    }

    public String spell(T value) {
        return spelling.apply(value);
    }

    public T neutral() {
        return neutral;
    }

    /** Whether {@code value} suits a setting whose earlier params are {@code chosen}. */
    public boolean admits(Chosen chosen, T value) {
        return admits.test(chosen, value);
    }

    /** Whether a setting that admits none of the values it is offered takes the neutral one, or is not made. */
    public boolean neutralWhenNoneAdmitted() {
        return neutralWhenNoneAdmitted;
    }

    /** Whether only service mode's benchmark has this param. */
    public boolean isServiceOnly() {
        return serviceOnly;
    }

    /** This param's value in {@code setting}. */
    public T of(Setting setting) {
        return setting.get(this);
    }

    String labelPart(Setting setting) {
        return label.apply(setting);
    }

    String stemPart(Setting setting) {
        return stem.apply(setting);
    }

    /** Its line of {@code --help}. */
    public String help() {
        return help;
    }

    /** A view of chosen values by param, for {@link #admits}. */
    public static Chosen chosen(Map<TrialParam<?>, Object> values) {
        return new Chosen() {
            @Override
            @SuppressWarnings("unchecked")
            public <V> V get(TrialParam<V> param) {
                return values.containsKey(param) ? (V) values.get(param) : param.neutral();
            }
        };
    }

    @Override
    public String toString() {
        return name;
    }
}
