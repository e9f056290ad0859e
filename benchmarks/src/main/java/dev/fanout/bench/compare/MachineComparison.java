package dev.fanout.bench.compare;

import dev.fanout.bench.recording.CalibrationFigures;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether two runs were measured on machines that differ beyond their calibration's own noise: then their
 * milliseconds and CPU per request say more about the machines than about the code, and {@code compare} judges the
 * fan-outs on each run's ratio to its own tight bound ({@link Basis#BOUND}).
 *
 * @param differ     the cores differ, or a judged calibration figure moved by more than its {@link #TOLERANCE_PERCENT}
 * @param calibrated whether the two runs had a judged calibration figure in common to compare
 * @param findings   what was compared, in words, one line each
 */
record MachineComparison(boolean differ, boolean calibrated, List<String> findings) {
    /**
     * How far each judged calibration figure may move between two runs on one machine. Measured over seven runs of
     * one build within 35 minutes (2026-12-06, docs/spread.md): the fixed loop moved by up to 9%, a thread's start by up
     * to 29%. The loopback figures moved by up to 2.3 x in the same runs (the server's CPU for one request 56 to
     * 128 µs), more than two machines of one kind differ, so they are shown and not judged.
     */
    static final Map<String, Double> TOLERANCE_PERCENT = Map.of(
            CalibrationFigures.CPU_LOOP_MS, 15.0,
            CalibrationFigures.THREAD_START_US, 40.0);
    static final MachineComparison UNKNOWN = new MachineComparison(false, false, List.of());

    static MachineComparison of(Machine baseline, Machine current) {
        if (baseline == null || current == null) {
            return UNKNOWN;
        }
        List<String> findings = new ArrayList<>();
        boolean differ = false;
        boolean calibrated = false;
        if (baseline.cores() != current.cores()) {
            differ = true;
            findings.add("cores: " + baseline.cores() + " -> " + current.cores());
        }
        if (!baseline.cpuModel().equals(current.cpuModel())) {
            findings.add("CPU: " + baseline.cpuModel() + " -> " + current.cpuModel());
        }
        if (!baseline.kernel().equals(current.kernel())) {
            findings.add("kernel: " + baseline.kernel() + " -> " + current.kernel());
        }
        for (Map.Entry<String, Double> figure : baseline.calibration().entrySet()) {
            Double now = current.calibration().get(figure.getKey());
            if (now == null || !(figure.getValue() > 0)) {
                continue;
            }
            double change = (now - figure.getValue()) / figure.getValue() * 100;
            Double tolerance = TOLERANCE_PERCENT.get(figure.getKey());
            boolean beyond = tolerance != null && Math.abs(change) > tolerance;
            calibrated |= tolerance != null;
            differ |= beyond;
            findings.add(String.format(Locale.ROOT, "%s: %s -> %s (%+.0f%%%s)", figure.getKey(),
                    Numbers.value(figure.getValue()), Numbers.value(now), change,
                    tolerance == null ? ", not judged: it moves this much on one machine" : beyond
                            ? ", beyond its noise of " + Numbers.setting(tolerance) + "%" : ""));
        }
        return new MachineComparison(differ, calibrated, findings);
    }

    /** The basis fan-outs are judged on. */
    Basis basis() {
        return differ ? Basis.BOUND : Basis.IDEAL;
    }

    /** The report's note on the machines, or null when neither run says what it ran on. */
    String note() {
        if (findings.isEmpty()) {
            return null;
        }
        String verdict = differ ? "the machines differ beyond their calibration's noise: fan-outs are judged on each"
                + " run's ratio to its own tight bound (bound_ms), not on their times; "
                : calibrated ? "the machines agree within their calibration's noise: "
                : "whether the machines differ is unknown: the runs have no judged calibration figure in common (a run"
                        + " from before 2026-12-05 has none); ";
        return verdict + String.join("; ", findings);
    }
}
