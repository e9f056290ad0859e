package dev.fanout.bench.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The machine a run was measured on, as its meta.json tells it: the kernel, the CPU, the cores, and the calibration
 * figures the launcher measured before the first trial (a fixed loop, a thread's start, a loopback request's CPU).
 *
 * @param calibration each calibration figure by name, as meta.json names it; empty for a run made before it had them
 */
record Machine(String kernel, String cpuModel, int cores, Map<String, Double> calibration) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The machine of the run whose meta.json is {@code metaJson}, or null when there is none. */
    static Machine read(Path metaJson) throws InputException {
        if (!Files.isRegularFile(metaJson)) {
            return null;
        }
        JsonNode meta;
        try {
            meta = JSON.readTree(metaJson.toFile());
        } catch (IOException e) {
            throw new InputException("cannot read " + metaJson + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
        Map<String, Double> calibration = new LinkedHashMap<>();
        meta.path("calibration").properties().forEach(figure -> {
            if (figure.getValue().isNumber()) {
                calibration.put(figure.getKey(), figure.getValue().asDouble());
            }
        });
        return new Machine(meta.path("kernel").asText(meta.path("os").asText("")), meta.path("cpu_model").asText(""),
                meta.path("cores").asInt(0), calibration);
    }
}
