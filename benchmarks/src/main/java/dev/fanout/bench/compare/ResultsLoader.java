package dev.fanout.bench.compare;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fanout.bench.recording.RunConditions;
import dev.fanout.bench.recording.Slowdown;
import dev.fanout.bench.recording.TrialSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JMH's {@code -rf json} output and, when present, the launcher's summary.csv beside it. A results folder
 * must be whole: a summary.csv that lacks rows of jmh.json (or is missing) would leave those benchmarks judged on
 * raw ms/op instead of their ratio to the ideal, without a word, so it is refused; a bare jmh.json file is
 * compared on raw scores, and the report says so.
 */
public final class ResultsLoader {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The param only a service-mode step has: its JMH score is a window's length, and its sweep's knee is compared. */
    private static final String SERVICE_PARAM = "rate";

    private ResultsLoader() {
    }

    /** Each of {@code paths} as {@link #load(Path)} reads it, in order: the rounds of one side. */
    public static List<LoadedResults> load(List<Path> paths) throws InputException {
        List<LoadedResults> rounds = new ArrayList<>(paths.size());
        for (Path path : paths) {
            rounds.add(load(path));
        }
        return rounds;
    }

    /** {@code path} is a results folder holding jmh.json, or a jmh.json file itself. */
    public static LoadedResults load(Path path) throws InputException {
        Path jmhJson = Files.isDirectory(path) ? path.resolve("jmh.json") : path;
        if (!Files.isRegularFile(jmhJson)) {
            throw new InputException(Files.isDirectory(path)
                    ? "no jmh.json in results folder " + path
                    : "no such file or folder: " + path);
        }
        Path summaryPath = jmhJson.toAbsolutePath().resolveSibling("summary.csv");
        if (Files.isDirectory(path) && !Files.isRegularFile(summaryPath)) {
            throw new InputException("results folder " + path + " has no summary.csv: the run is incomplete (to compare"
                    + " raw JMH scores only, give its jmh.json)");
        }
        SummaryCsv summary = Files.isRegularFile(summaryPath) ? SummaryCsv.read(summaryPath) : null;

        JsonNode root;
        try {
            root = JSON.readTree(jmhJson.toFile());
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new InputException("malformed JSON in " + jmhJson + ": " + e.getOriginalMessage() + where);
        } catch (IOException e) {
            throw new InputException("cannot read " + jmhJson + ": " + e.getMessage());
        }
        if (root == null || !root.isArray()) {
            throw new InputException(jmhJson + " is not a JMH JSON result (expected a JSON array)");
        }
        if (root.isEmpty()) {
            throw new InputException(jmhJson + " holds no benchmark results");
        }

        Map<BenchmarkKey, BenchmarkRun> runs = new LinkedHashMap<>();
        for (JsonNode result : root) {
            if (result.path("params").has(SERVICE_PARAM)) {
                continue;
            }
            BenchmarkRun run = readResult(jmhJson, result, summary);
            // Several JMH runs concatenated into one file may repeat a benchmark: its forks are pooled.
            BenchmarkRun earlier = runs.get(run.key());
            runs.put(run.key(), earlier == null ? run : pool(jmhJson.toString(), earlier, run));
        }
        if (summary != null) {
            List<String> unlisted = runs.values().stream().filter(run -> summary.find(run.key()) == null)
                    .map(run -> run.label()).toList();
            if (!unlisted.isEmpty()) {
                throw new InputException(summaryPath + " has no row for " + unlisted.size() + " of the " + runs.size()
                        + " results in jmh.json, so the run is incomplete: " + String.join("; ",
                        unlisted.subList(0, Math.min(3, unlisted.size()))) + (unlisted.size() > 3 ? "; ..." : ""));
            }
        }
        Path metaJson = jmhJson.toAbsolutePath().resolveSibling("meta.json");
        JsonNode meta = meta(metaJson);
        return new LoadedResults(List.of(jmhJson), runs, summary != null, summary == null ? Map.of() : summary.knees(),
                Machine.of(meta), slowdown(metaJson, meta),
                meta == null ? RunConditions.UNKNOWN : RunConditions.fromMeta(meta));
    }

    /**
     * Several runs of one build as one side, as a CI job that runs base and head in alternating rounds has them: each
     * benchmark's forks are pooled, which gives the test more samples. Labels, ideals and bounds are the first run's
     * (the same build's params give the same ones), and so is the machine. The runs must agree on what they are: all
     * results folders or all bare jmh.json, the same slowdown and conditions, and no service sweep (a sweep is judged
     * by its one knee, one run a side).
     */
    static LoadedResults pool(List<LoadedResults> rounds) throws InputException {
        LoadedResults first = rounds.getFirst();
        List<Path> files = new ArrayList<>(first.jmhJsons());
        Map<BenchmarkKey, BenchmarkRun> runs = new LinkedHashMap<>(first.runs());
        for (LoadedResults next : rounds.subList(1, rounds.size())) {
            String both = first.jmhJsons().getFirst() + " and " + next.jmhJsons().getFirst();
            if (next.hasSummary() != first.hasSummary()) {
                throw new InputException("runs pooled as one side must all be results folders or all bare jmh.json: "
                        + both + " are not");
            }
            if (!next.slowdown().equals(first.slowdown())) {
                throw new InputException("runs pooled as one side must have the same slowdown: " + both
                        + " were slowed differently on purpose (their meta.json's " + Slowdown.META_FIELD + ")");
            }
            List<String> conditions = first.conditions().differencesTo(next.conditions());
            if (!conditions.isEmpty()) {
                throw new InputException("runs pooled as one side must have measured alike: " + both + " differ in "
                        + String.join(", ", conditions) + " (their meta.json)");
            }
            if (!first.knees().isEmpty() || !next.knees().isEmpty()) {
                throw new InputException("a service sweep is compared by its knee, one run a side: " + both
                        + " cannot be pooled");
            }
            files.addAll(next.jmhJsons());
            for (BenchmarkRun run : next.runs().values()) {
                BenchmarkRun earlier = runs.get(run.key());
                runs.put(run.key(), earlier == null ? run : pool(both, earlier, run));
            }
        }
        return new LoadedResults(files, runs, first.hasSummary(), first.knees(), first.machine(), first.slowdown(),
                first.conditions());
    }

    /** The run's meta.json, or null when there is none beside jmh.json. */
    private static JsonNode meta(Path metaJson) throws InputException {
        if (!Files.isRegularFile(metaJson)) {
            return null;
        }
        try {
            return JSON.readTree(metaJson.toFile());
        } catch (IOException e) {
            throw new InputException("cannot read " + metaJson + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** The slowdown a run's meta.json records; none without a meta.json. */
    private static Slowdown slowdown(Path metaJson, JsonNode meta) throws InputException {
        try {
            return meta == null ? Slowdown.NONE : Slowdown.fromMeta(meta);
        } catch (IllegalArgumentException e) {
            throw new InputException(metaJson + ": " + Slowdown.META_FIELD + ": " + e.getMessage());
        }
    }

    private static BenchmarkRun readResult(Path file, JsonNode result, SummaryCsv summary) throws InputException {
        String benchmark = text(file, result, "benchmark");
        String mode = text(file, result, "mode");
        Map<String, String> params = new LinkedHashMap<>();
        result.path("params").properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
        BenchmarkKey key = BenchmarkKey.of(benchmark, mode, TrialSpec.withEveryParam(params));

        JsonNode primary = result.path("primaryMetric");
        if (!primary.isObject()) {
            throw new InputException(file + ": " + benchmark + " has no primaryMetric");
        }
        ScoreUnit unit = ScoreUnit.parse(text(file, primary, "scoreUnit"));
        List<double[]> forks = forks(primary);
        if (forks.isEmpty() && primary.path("score").isNumber()) {
            // Written with -Djmh.json.rawData=false: only the aggregate is left, one sample that cannot be tested.
            forks.add(new double[]{primary.path("score").asDouble()});
        }

        SummaryCsv.Row row = summary == null ? null : summary.find(key);
        String label = row == null || row.label().isBlank() ? key.methodName() + paramsSuffix(key) : row.label();
        return new BenchmarkRun(key, unit, forks, label, row == null ? Double.NaN : row.idealMs(),
                row == null ? Double.NaN : row.boundMs());
    }

    /** Per fork, per iteration scores; SampleTime mode stores histograms, which are reduced to their means. */
    private static List<double[]> forks(JsonNode primary) {
        List<double[]> forks = new ArrayList<>();
        JsonNode raw = primary.path("rawData");
        if (raw.isArray()) {
            for (JsonNode fork : raw) {
                forks.add(finite(fork));
            }
            return forks;
        }
        for (JsonNode fork : primary.path("rawDataHistogram")) {
            List<Double> means = new ArrayList<>();
            for (JsonNode iteration : fork) {
                double sum = 0;
                long count = 0;
                for (JsonNode bucket : iteration) {
                    sum += bucket.path(0).asDouble() * bucket.path(1).asLong();
                    count += bucket.path(1).asLong();
                }
                if (count > 0) {
                    means.add(sum / count);
                }
            }
            forks.add(means.stream().mapToDouble(Double::doubleValue).toArray());
        }
        return forks;
    }

    /** JMH writes NaN and infinities as strings; a failed iteration must not poison the statistics. */
    private static double[] finite(JsonNode iterations) {
        List<Double> values = new ArrayList<>();
        for (JsonNode v : iterations) {
            if (v.isNumber() && Double.isFinite(v.asDouble())) {
                values.add(v.asDouble());
            }
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** One benchmark's forks from two runs as one; {@code where} names them in the error when their units differ. */
    private static BenchmarkRun pool(String where, BenchmarkRun a, BenchmarkRun b) throws InputException {
        if (!a.unit().text().equals(b.unit().text())) {
            throw new InputException(where + ": " + a.key().qualifiedName()
                    + " appears in " + a.unit().text() + " and in " + b.unit().text());
        }
        List<double[]> forks = new ArrayList<>(a.forks());
        forks.addAll(b.forks());
        return new BenchmarkRun(a.key(), a.unit(), forks, a.label(), a.idealMs(), a.boundMs());
    }

    private static String paramsSuffix(BenchmarkKey key) {
        return key.params().isEmpty() ? "" : " [" + key.paramsText() + "]";
    }

    private static String text(Path file, JsonNode node, String field) throws InputException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new InputException(file + ": a result lacks the '" + field + "' field; is this JMH's -rf json output?");
        }
        return value.asText();
    }
}
