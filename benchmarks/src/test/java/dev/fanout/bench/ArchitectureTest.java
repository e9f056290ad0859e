package dev.fanout.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/architecture.md cannot go stale: its table of layers is checked against the imports of the code, and its
 * "where to add" steps against the code's declarations. Run from the benchmarks module, as Maven runs it.
 */
class ArchitectureTest {
    private static final Path DOC = Path.of("..", "docs", "architecture.md");
    private static final Path MAIN = Path.of("src", "main", "java", "dev", "fanout", "bench");
    private static final Path TESTS = Path.of("src", "test", "java", "dev", "fanout", "bench");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.fanout\\.(?:bench\\.)?([a-z]+)\\.",
            Pattern.MULTILINE);

    @Test
    void theCodeImportsOnlyWhatTheTableOfLayersAllowsAndEveryPackageIsInIt() throws IOException {
        Map<String, Set<String>> allowed = layers(Files.readString(DOC));
        Map<String, Set<String>> imports = imports();

        assertThat(allowed.keySet()).as("every package of the code, and only those, in the table")
                .containsExactlyInAnyOrderElementsOf(imports.keySet());
        imports.forEach((from, to) -> assertThat(to).as("what %s imports", from).isSubsetOf(allowed.get(from)));
        assertThat(cycle(allowed)).as("a cycle in the table").isNull();
    }

    /** A table with one arrow reversed, or a package left out, fails the check: the check itself, checked. */
    @Test
    void aReversedArrowOrAMissingPackageFails() throws IOException {
        String doc = Files.readString(DOC);
        Map<String, Set<String>> imports = imports();
        Map<String, Set<String>> reversed = layers(doc.replace("recording  -> suite workload", "recording  -> workload")
                .replace("suite      -> models", "suite      -> recording models"));
        assertThat(imports.get("recording")).as("recording imports suite").contains("suite");
        assertThat(reversed.get("recording")).as("the reversed table no longer allows it").doesNotContain("suite");
        assertThat(cycle(layers(doc.replace("suite      -> models", "suite      -> recording models"))))
                .as("an arrow added against one that stays: a cycle").isNotNull();
        assertThat(layers(doc.replaceAll("(?m)^profiler .*\\n", "")).keySet()).doesNotContain("profiler")
                .isNotEqualTo(imports.keySet());
    }

    /** Every class, and every Class.member, the "where to add" table names is one the code (or its tests) declares. */
    @Test
    void whereToAddNamesOnlyWhatTheCodeDeclares() throws IOException {
        String doc = Files.readString(DOC);
        String table = doc.substring(doc.indexOf("## Where to add"));
        Map<String, String> sources = new TreeMap<>();
        for (Path root : List.of(MAIN, TESTS)) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    sources.put(file.getFileName().toString().replace(".java", ""), Files.readString(file));
                }
            }
        }
        Matcher named = Pattern.compile("`([A-Z][A-Za-z]+)(?:\\.([a-z][A-Za-z]*))?`").matcher(table);
        List<String> missing = new ArrayList<>();
        while (named.find()) {
            String type = named.group(1);
            String member = named.group(2);
            boolean known = sources.containsKey(type) && (member == null || sources.get(type).matches(
                    "(?s).*\\b" + member + "\\b.*"));
            if (!known) {
                missing.add(named.group());
            }
        }
        assertThat(missing).isEmpty();
    }

    private static Map<String, Set<String>> layers(String doc) {
        String marker = "<!-- the layers: checked by ArchitectureTest -->";
        String block = doc.substring(doc.indexOf(marker));
        block = block.substring(block.indexOf("```") + 3);
        block = block.substring(0, block.indexOf("```"));
        Map<String, Set<String>> layers = new LinkedHashMap<>();
        for (String line : block.strip().split("\n")) {
            String[] sides = line.split("->", 2);
            Set<String> to = new TreeSet<>();
            for (String name : sides[1].trim().split("\\s+")) {
                if (!name.isEmpty()) {
                    to.add(name);
                }
            }
            layers.put(sides[0].trim(), to);
        }
        return layers;
    }

    /** Each package of the code, with the other packages of this project it imports. */
    private static Map<String, Set<String>> imports() throws IOException {
        Map<String, Set<String>> imports = new TreeMap<>();
        try (Stream<Path> packages = Files.list(MAIN)) {
            for (Path dir : packages.filter(Files::isDirectory).toList()) {
                String name = dir.getFileName().toString();
                Set<String> to = new TreeSet<>();
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                        Matcher imported = IMPORT.matcher(Files.readString(file));
                        while (imported.find()) {
                            to.add(imported.group(1));
                        }
                    }
                }
                to.remove(name);
                imports.put(name, to);
            }
        }
        return imports;
    }

    /** A package that reaches itself through the table's arrows, or null when there is none. */
    private static String cycle(Map<String, Set<String>> layers) {
        for (String start : layers.keySet()) {
            Set<String> seen = new HashSet<>();
            List<String> frontier = new ArrayList<>(layers.get(start));
            while (!frontier.isEmpty()) {
                String next = frontier.remove(frontier.size() - 1);
                if (next.equals(start)) {
                    return start;
                }
                if (seen.add(next)) {
                    frontier.addAll(layers.getOrDefault(next, Set.of()));
                }
            }
        }
        return null;
    }
}
