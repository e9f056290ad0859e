package dev.fanout.bench.compare;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** The report as JSON, for scripts: every number unrounded, NaN written as null. */
public final class JsonFormatter {

    private JsonFormatter() {
    }

    public static String json(Report report) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("baseline", Report.side(report.baseline()));
        root.put("current", Report.side(report.current()));
        root.put("alpha", report.rule().alpha());
        root.put("thresholdPercent", report.rule().thresholdPercent());
        ArrayNode comparisons = root.putArray("comparisons");
        for (Comparison c : report.comparisons()) {
            ObjectNode node = comparisons.addObject();
            node.put("benchmark", c.label());
            node.put("jmhBenchmark", c.key().benchmark());
            node.put("mode", c.key().mode());
            ObjectNode params = node.putObject("params");
            c.key().params().forEach(params::put);
            node.put("unit", c.unit().text());
            node.put("samples", c.sampleKind().label());
            node.put("baselineSamples", c.baseline().length);
            node.put("currentSamples", c.current().length);
            number(node, "baselineMedian", c.baselineMedian());
            number(node, "currentMedian", c.currentMedian());
            node.put("judgedOn", c.judgedOnRatio() ? c.basis().column() : "score");
            if (c.judgedOnRatio()) {
                number(node, "baselineRatio", c.baselineRatioMedian());
                number(node, "currentRatio", c.currentRatioMedian());
            }
            number(node, "changePercent", c.changePercent());
            number(node, "detectableSlowdownPercent", c.detectableSlowdownPercent());
            number(node, "p", c.p());
            number(node, "pHolm", c.pAdjusted());
            node.put("verdict", c.verdict().symbol());
        }
        ArrayNode knees = root.putArray("knees");
        for (KneeComparison k : report.knees()) {
            ObjectNode node = knees.addObject();
            node.put("sweep", k.sweep());
            if (k.baseline() == null) {
                node.putNull("baseline");
            } else {
                node.put("baseline", k.baseline());
            }
            if (k.current() == null) {
                node.putNull("current");
            } else {
                node.put("current", k.current());
            }
            number(node, "changePercent", k.changePercent());
            node.put("knee", k.direction());
        }
        keys(root.putArray("onlyInBaseline"), report.onlyInBaseline());
        keys(root.putArray("onlyInCurrent"), report.onlyInCurrent());
        ArrayNode notes = root.putArray("notes");
        report.notes().forEach(notes::add);
        ArrayNode worse = root.putArray("worse");
        report.worse().forEach(c -> worse.add(c.label()));
        root.put("summary", report.summaryLine());
        root.put("exitCode", report.exitCode());
        return root.toPrettyString() + "\n";
    }

    private static void number(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.putNull(field);
        }
    }

    private static void keys(ArrayNode array, List<BenchmarkRun> runs) {
        runs.forEach(run -> array.add(run.key().qualifiedName()));
    }
}
