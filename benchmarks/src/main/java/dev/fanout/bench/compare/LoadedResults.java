package dev.fanout.bench.compare;

import dev.fanout.bench.recording.RunConditions;
import dev.fanout.bench.recording.Slowdown;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything read from one side of a comparison, keyed in the order JMH wrote it: one results folder (or bare
 * jmh.json), or several runs of one build whose forks are pooled ({@link ResultsLoader#pool}).
 *
 * @param jmhJsons   the jmh.json files read, in the order given
 * @param runs       the closed-loop results; a service-mode step's JMH op is a whole window of arrivals, not a latency,
 *                   so its sweep is compared by its knee instead
 * @param hasSummary false when no summary.csv sat beside jmh.json: labels fall back to method names and no
 *                   ratio_to_ideal can be computed
 * @param knees      each service-mode sweep's knee, by its label (null when no step held); empty without summary.csv
 * @param machine    what the run was measured on, from meta.json beside jmh.json; null without it
 * @param slowdown   the slowdown the run was given on purpose, from meta.json; none without it
 * @param conditions how the run measured (trained compilers, the code warm-up, pinned CPUs), from meta.json; unknown
 *                   without it
 */
public record LoadedResults(List<Path> jmhJsons, Map<BenchmarkKey, BenchmarkRun> runs, boolean hasSummary,
                            Map<String, Integer> knees, Machine machine, Slowdown slowdown,
                            RunConditions conditions) {
}
