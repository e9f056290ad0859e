package dev.fanout.bench.compare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Arrays;
import java.util.List;

/**
 * The current run for github-action-benchmark's {@code customSmallerIsBetter} tool: a JSON array of
 * {@code {name, unit, value, range, extra}}. One file can carry only one direction, so throughput scores are
 * written as their reciprocal, time per op. That loses nothing: the action alerts on the ratio of current to
 * previous, and the ratio of reciprocals is the reciprocal ratio of the throughputs. Fan-out benchmarks get a
 * second entry for ratio_to_ideal, also smaller-is-better.
 */
public final class GithubActionBenchmarkExporter {

    private record TimeUnitName(String name, double seconds) {
    }

    private static final List<TimeUnitName> READABLE = List.of(
            new TimeUnitName("s", 1), new TimeUnitName("ms", 1e-3), new TimeUnitName("us", 1e-6), new TimeUnitName("ns", 1e-9));

    /** The range's "±" goes out as \u00b1, so the JSON survives a stdout that is not UTF-8. */
    private static final ObjectMapper ASCII_JSON = new ObjectMapper().enable(JsonWriteFeature.ESCAPE_NON_ASCII.mappedFeature());

    private GithubActionBenchmarkExporter() {
    }

    public static String export(Report report) {
        ArrayNode entries = JsonNodeFactory.instance.arrayNode();
        for (Comparison c : report.comparisons()) {
            if (c.current().length == 0) {
                continue;
            }
            double[] samples = c.current();
            String unit = c.unit().text();
            String extra = c.sampleKind().label() + " samples: " + samples.length;
            if (!c.unit().isTimePerOp()) {
                double secondsPerOp = c.unit().seconds() / Comparison.median(samples);
                TimeUnitName readable = READABLE.stream().filter(u -> secondsPerOp >= u.seconds())
                        .findFirst().orElse(READABLE.get(READABLE.size() - 1));
                extra += "; reciprocal of " + Numbers.value(Comparison.median(samples)) + " " + unit;
                samples = Arrays.stream(samples).map(v -> c.unit().seconds() / v / readable.seconds()).toArray();
                unit = readable.name() + "/op";
            }
            add(entries, c.key().qualifiedName(), unit, samples, extra);
            if (c.judgedOnRatio()) {
                add(entries, c.key().qualifiedName() + " ratio_to_ideal", "x ideal", c.currentRatio(),
                        "current time per op divided by ideal_ms, the physical lower bound");
            }
        }
        try {
            return ASCII_JSON.writerWithDefaultPrettyPrinter().writeValueAsString(entries) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
    }

    private static void add(ArrayNode entries, String name, String unit, double[] samples, String extra) {
        double min = Arrays.stream(samples).min().orElse(Double.NaN);
        double max = Arrays.stream(samples).max().orElse(Double.NaN);
        ObjectNode entry = entries.addObject();
        entry.put("name", name);
        entry.put("unit", unit);
        entry.put("value", Comparison.median(samples));
        entry.put("range", "± " + Numbers.value((max - min) / 2));
        entry.put("extra", extra);
    }
}
