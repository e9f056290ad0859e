package dev.fanout.bench.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.Predicate;

/**
 * The real results folders under src/test/resources/compare (see the README there) and transformed copies
 * of them, plus a way to run the command and capture what it prints.
 */
final class Fixtures {

    static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    /** First of two quick real runs of one build. */
    static Path aa1() {
        return resource("compare/aa-1");
    }

    /** Second run of the same build, for A/A comparisons. */
    static Path aa2() {
        return resource("compare/aa-2");
    }

    static Path resource(String name) {
        try {
            return Path.of(Fixtures.class.getClassLoader().getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A copy of a results folder into {@code target} with every selected result made worse by
     * {@code worseFactor} (1.3 = 30% worse: time per op times 1.3, ops per time divided by 1.3), each value
     * also jittered by up to ±{@code noise} (relative, seeded so tests are repeatable).
     */
    static Path worsened(Path source, Path target, double worseFactor, double noise, Predicate<JsonNode> which) {
        Random random = new Random(42);
        try {
            Files.createDirectories(target);
            ArrayNode results = (ArrayNode) JSON.readTree(source.resolve("jmh.json").toFile());
            for (JsonNode result : results) {
                if (!which.test(result)) {
                    continue;
                }
                ObjectNode primary = (ObjectNode) result.get("primaryMetric");
                boolean timePerOp = primary.get("scoreUnit").asText().endsWith("/op");
                double factor = timePerOp ? worseFactor : 1 / worseFactor;
                primary.put("score", primary.get("score").asDouble() * factor);
                for (JsonNode fork : primary.get("rawData")) {
                    ArrayNode iterations = (ArrayNode) fork;
                    for (int i = 0; i < iterations.size(); i++) {
                        double jitter = 1 + noise * (2 * random.nextDouble() - 1);
                        iterations.set(i, iterations.get(i).asDouble() * factor * jitter);
                    }
                }
            }
            JSON.writerWithDefaultPrettyPrinter().writeValue(target.resolve("jmh.json").toFile(), results);
            Path summary = source.resolve("summary.csv");
            if (Files.exists(summary)) {
                Files.copy(summary, target.resolve("summary.csv"));
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path worsened(Path source, Path target, double worseFactor) {
        return worsened(source, target, worseFactor, 0, r -> true);
    }

    record Outcome(int exitCode, String out, String err) {
    }

    static Outcome run(Object... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] strings = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            strings[i] = args[i].toString();
        }
        int code = CompareCommand.run(strings, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
