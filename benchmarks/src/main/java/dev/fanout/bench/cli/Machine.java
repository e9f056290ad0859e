package dev.fanout.bench.cli;

import dev.fanout.bench.scenarios.CpuTask;
import java.util.HashMap;
import java.util.Map;

/**
 * What a plan needs to know of the machine it will run on: its cores (for the ideals), the limits a fan-out
 * runs into, what one of {@code cpu_io_mix}'s CPU tasks costs here, and whether Python's asyncio reference
 * can run. Passed in, so that plans are tested for any machine.
 *
 * @param asyncioUnavailable why the asyncio trials cannot run here, with the command that fixes it; null when
 *                           they can
 */
record Machine(int cores, SystemLimits limits, Trial.CpuTaskCost cpuTasks, String asyncioUnavailable) {

    /** This machine, as the launcher finds it. */
    static Machine here() {
        return new Machine(Runtime.getRuntime().availableProcessors(), SystemLimits.read(), measuredCpuTasks(),
                AsyncioTrialRunner.unavailableBecause());
    }

    /** Measures each CPU task range once, on this machine, the first time a plan needs it. */
    private static Trial.CpuTaskCost measuredCpuTasks() {
        Map<Long, Double> costs = new HashMap<>();
        return range -> costs.computeIfAbsent(range, CpuTask::costMillis);
    }
}
