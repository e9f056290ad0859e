package dev.fanout.bench.profiler;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.fanout.bench.models.Pinning;
import dev.fanout.bench.recording.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The pinned stacks of one fork's measurement iterations, written as JSON next to the results so that a
 * non-zero {@code pinned.events} can be traced to the code that blocked while pinned.
 */
final class PinningReport {
    private static final int TOP = 10;
    private static final List<String> JDK_PACKAGES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

    private final Map<VirtualThreadEvents.PinnedStack, Long> stacks = new HashMap<>();
    private long events;

    void add(VirtualThreadEvents.Counts counts) {
        events += counts.pinned();
        counts.pinnedStacks().forEach((stack, count) -> stacks.merge(stack, count, Long::sum));
    }

    long events() {
        return events;
    }

    /**
     * Writes {@code <resultsDir>/pinning/<benchmark>-<params>-<pid>.json}. Forks run one after another in
     * separate JVMs, so the pid keeps each fork's file apart.
     */
    Path write(Path resultsDir, BenchmarkParams params) throws IOException {
        Path file = resultsDir.resolve("pinning").resolve(fileName(params, ProcessHandle.current().pid()));
        Map<String, Object> json = toJson(params);
        AtomicFiles.write(file, out -> new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out, json));
        return file;
    }

    static String fileName(BenchmarkParams params, long pid) {
        StringBuilder name = new StringBuilder(params.getBenchmark());
        for (String key : params.getParamsKeys()) {
            name.append('-').append(key).append('=').append(params.getParam(key));
        }
        name.append('-').append(pid);
        return name.toString().replaceAll("[^A-Za-z0-9._=-]", "_") + ".json";
    }

    private Map<String, Object> toJson(BenchmarkParams params) {
        Map<String, String> benchmarkParams = new TreeMap<>();
        for (String key : params.getParamsKeys()) {
            benchmarkParams.put(key, params.getParam(key));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", params.getBenchmark());
        json.put("params", benchmarkParams);
        json.put("jdk", Runtime.version().toString());
        json.put("virtualThreadSchedulerParallelism", Pinning.virtualThreadSchedulerParallelism());
        json.put("pid", ProcessHandle.current().pid());
        json.put("pinnedEvents", events);
        json.put("pinnedReasons", pinnedReasons());
        json.put("topFrames", topFrames());
        json.put("topStacks", topStacks());
        return json;
    }

    private Map<String, Long> pinnedReasons() {
        Map<String, Long> reasons = new TreeMap<>();
        stacks.forEach((stack, count) -> {
            if (!stack.reason().isEmpty()) {
                reasons.merge(stack.reason(), count, Long::sum);
            }
        });
        return reasons;
    }

    /** Per event, the innermost frame outside the JDK: where the benchmark's code blocked while pinned. */
    private List<Map<String, Object>> topFrames() {
        Map<String, Long> frames = new HashMap<>();
        stacks.forEach((stack, count) -> frames.merge(firstNonJdkFrame(stack.frames()), count, Long::sum));
        List<Map<String, Object>> top = new ArrayList<>();
        frames.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP)
                .forEach(entry -> {
                    Map<String, Object> frame = new LinkedHashMap<>();
                    frame.put("frame", entry.getKey());
                    frame.put("events", entry.getValue());
                    top.add(frame);
                });
        return top;
    }

    private List<Map<String, Object>> topStacks() {
        List<Map<String, Object>> top = new ArrayList<>();
        stacks.entrySet().stream()
                .sorted(Map.Entry.<VirtualThreadEvents.PinnedStack, Long>comparingByValue().reversed()
                        .thenComparing(entry -> String.join(",", entry.getKey().frames()), Comparator.naturalOrder()))
                .limit(TOP)
                .forEach(entry -> {
                    Map<String, Object> stack = new LinkedHashMap<>();
                    stack.put("events", entry.getValue());
                    stack.put("reason", entry.getKey().reason());
                    stack.put("truncated", entry.getKey().truncated());
                    stack.put("frames", entry.getKey().frames());
                    top.add(stack);
                });
        return top;
    }

    static String firstNonJdkFrame(List<String> frames) {
        for (String frame : frames) {
            if (JDK_PACKAGES.stream().noneMatch(frame::startsWith)) {
                return frame;
            }
        }
        return frames.isEmpty() ? "(no stack trace)" : frames.get(0);
    }
}
