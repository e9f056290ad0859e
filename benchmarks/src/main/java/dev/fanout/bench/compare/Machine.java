package dev.fanout.bench.compare;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The machine a run was measured on, as its meta.json tells it: the kernel, the CPU, the cores, and the calibration
 * figures the launcher measured before the first trial (a fixed loop, a thread's start, a loopback request's CPU).
 *
 * @param calibration each calibration figure by name, as meta.json names it; empty for a run made before it had them
 */
record Machine(String kernel, String cpuModel, int cores, Map<String, Double> calibration) {
    /** The machine a run's meta.json tells, or null when the run has none. */
    static Machine of(JsonNode meta) {
        if (meta == null) {
            return null;
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
