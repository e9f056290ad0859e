package dev.fanout.bench.recording;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a run measured, beyond its trials' params and its machine, where two runs may differ and their figures with
 * them: whether each large trial's forks started from compilers trained ahead (JDK 25's AOT cache: at N = 10,000 the
 * compilers' CPU an op fell from a median of 59 to 11 ms and a fork's spread about halved, docs/spread.md), whether
 * the server and the client ran pinned to CPUs of their own (one core each here, not two shared), and how long each
 * fork warmed the code at most before its measured ops (the launcher's {@code --code-warm-up}: a short one leaves the
 * compilers working in them). The launcher writes them into meta.json; {@code compare} reads them from there and says
 * when the two sides differ in them.
 *
 * @param aotTraining  whether each large trial ran a training fork first; null for a run from before the field
 *                     (2026-12-07)
 * @param pinning      the CPUs the server and the client were given ({@code server 0, client 1}), or null when neither
 *                     was pinned
 * @param codeWarmUpMs each fork's code warm-up at most, ms; null for a run from before the field (2026-12-07, when it
 *                     was 6 s)
 */
public record RunConditions(Boolean aotTraining, String pinning, Long codeWarmUpMs) {
    /** meta.json's field for {@link #aotTraining}. */
    public static final String AOT_TRAINING_FIELD = "aot_training";
    /** meta.json's field for {@link #pinning}: the CPU lists asked for, then the ones Linux says it gave. */
    public static final String PINNING_FIELD = "cpu_pinning";
    public static final String SERVER_CPUS = "server_cpus";
    public static final String CLIENT_CPUS = "client_cpus";
    /** meta.json's field for {@link #codeWarmUpMs}. */
    public static final String CODE_WARM_UP_FIELD = "code_warm_up_limit_ms";
    /** A run without meta.json: nothing known, so nothing to tell apart. */
    public static final RunConditions UNKNOWN = new RunConditions(null, null, null);

    /** The conditions a run's meta.json records. */
    public static RunConditions fromMeta(JsonNode meta) {
        JsonNode training = meta.path(AOT_TRAINING_FIELD);
        JsonNode pinned = meta.path(PINNING_FIELD);
        JsonNode warmUp = meta.path(CODE_WARM_UP_FIELD);
        return new RunConditions(training.isBoolean() ? training.asBoolean() : null, pinned.isObject()
                ? "server " + pinned.path(SERVER_CPUS).asText() + ", client " + pinned.path(CLIENT_CPUS).asText() : null,
                warmUp.canConvertToLong() ? warmUp.asLong() : null);
    }

    /**
     * How {@code current} differs from these, one phrase each; empty when they agree, or when a side does not say (a
     * run from before a field).
     */
    public List<String> differencesTo(RunConditions current) {
        List<String> differences = new ArrayList<>();
        if (aotTraining != null && current.aotTraining != null && !aotTraining.equals(current.aotTraining)) {
            differences.add(AOT_TRAINING_FIELD + " " + aotTraining + " -> " + current.aotTraining);
        }
        if (codeWarmUpMs != null && current.codeWarmUpMs != null && !codeWarmUpMs.equals(current.codeWarmUpMs)) {
            differences.add(CODE_WARM_UP_FIELD + " " + codeWarmUpMs + " -> " + current.codeWarmUpMs);
        }
        if (!Objects.equals(pinning, current.pinning)) {
            differences.add(PINNING_FIELD + " " + described(pinning) + " -> " + described(current.pinning));
        }
        return differences;
    }

    private static String described(String pinning) {
        return pinning == null ? "none" : pinning;
    }
}
